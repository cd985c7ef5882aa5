using System.Diagnostics;

/// <summary>
/// Progress sink that times the comparison's steps: each report ends the previous step, and the time is added to the
/// step's kind (its text before the variant name: "tuning", "evaluating ...: behaviour items", "steering"...), so the
/// sample can print where its time went. Reports arrive on the comparison's thread, in order.
/// </summary>
internal sealed class StepTimes(Action<string>? show = null) : IProgress<string>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, double> _seconds = [];
    private string? _current;
    private double _started;

    /// <summary>Ends the running step and starts <paramref name="value"/>.</summary>
    public void Report(string value)
    {
        Stop();
        _current = Kind(value);
        _started = _clock.Elapsed.TotalSeconds;
        show?.Invoke(value);
    }

    /// <summary>Seconds per kind of step, largest first (call after the comparison).</summary>
    public IReadOnlyList<(string Kind, double Seconds)> Totals()
    {
        Stop();
        _current = null;
        return _seconds.OrderByDescending(kv => kv.Value).Select(kv => (kv.Key, kv.Value)).ToList();
    }

    private void Stop()
    {
        if (_current is null) return;
        _seconds[_current] = _seconds.GetValueOrDefault(_current) + _clock.Elapsed.TotalSeconds - _started;
        _started = _clock.Elapsed.TotalSeconds;
    }

    // "evaluating tuned in (cosine) seed 43: perplexity" -> "evaluating: perplexity"; "tuning X" -> "tuning"; "steering X" -> "steering".
    private static string Kind(string step)
    {
        var verb = step.Split(' ')[0];
        var colon = step.LastIndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? verb : $"{verb}: {step[(colon + 2)..]}";
    }
}
