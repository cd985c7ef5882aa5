// Hooks and steering belong to the thread or async flow that adds them, so test classes run in parallel on the
// shared stories15M model; what touches process-wide state runs alone (ProcessWideState, TensorAccounting).
[assembly: CollectionBehavior(DisableTestParallelization = false)]
