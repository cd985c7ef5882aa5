namespace RepTuning.Reporting.Svg;

/// <summary>Maps a data interval linearly onto a pixel interval (which may run backwards, as SVG y does).</summary>
internal readonly record struct LinearScale(double DomainMin, double DomainMax, double RangeStart, double RangeEnd)
{
    public double Map(double value) =>
        RangeStart + (value - DomainMin) / (DomainMax - DomainMin) * (RangeEnd - RangeStart);
}
