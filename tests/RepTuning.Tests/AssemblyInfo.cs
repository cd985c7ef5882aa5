// Tests share one stories15M model whose hook registry is model-wide (hooks must stay active during
// generation), so a test adding hooks would change what a concurrent test computes. Run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
