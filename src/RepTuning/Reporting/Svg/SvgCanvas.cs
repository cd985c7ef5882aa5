using System.Globalization;
using System.Xml.Linq;

namespace RepTuning.Reporting.Svg;

/// <summary>A standalone SVG document under construction, with factories for the few element kinds the charts use.</summary>
internal sealed class SvgCanvas
{
    public static readonly XNamespace Namespace = "http://www.w3.org/2000/svg";
    public const double TitleFontSize = 16;
    public const double AxisTitleFontSize = 13;
    public const double LabelFontSize = 11;

    // Average advance width of sans-serif glyphs relative to the font size; slightly generous so layouts don't clip.
    private const double CharacterWidthFactor = 0.6;

    public SvgCanvas(double width, double height)
    {
        Width = width;
        Height = height;
        Root = new XElement(Namespace + "svg",
            new XAttribute("width", Format(width)),
            new XAttribute("height", Format(height)),
            new XAttribute("viewBox", $"0 0 {Format(width)} {Format(height)}"),
            new XAttribute("font-family", "sans-serif"),
            new XAttribute("font-size", Format(LabelFontSize)),
            Rect(0, 0, width, height, "white", "background"));
    }

    public double Width { get; }

    public double Height { get; }

    public XElement Root { get; }

    public void Add(params object[] content) => Root.Add(content);

    public override string ToString() => Root.ToString();

    public static string Format(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    public static double TextWidth(string text, double fontSize) => text.Length * fontSize * CharacterWidthFactor;

    public static XElement Element(string name, params object?[] content) => new(Namespace + name, content);

    public static XAttribute Attribute(string name, double value) => new(name, Format(value));

    public static XElement Rect(double x, double y, double width, double height, string fill, string cssClass) =>
        Element("rect", new XAttribute("class", cssClass), Attribute("x", x), Attribute("y", y),
            Attribute("width", width), Attribute("height", height), new XAttribute("fill", fill));

    public static XElement Line(double x1, double y1, double x2, double y2, string stroke, string cssClass, double strokeWidth = 1) =>
        Element("line", new XAttribute("class", cssClass), Attribute("x1", x1), Attribute("y1", y1),
            Attribute("x2", x2), Attribute("y2", y2), new XAttribute("stroke", stroke), Attribute("stroke-width", strokeWidth));

    /// <summary>Text anchored at (x, y); <paramref name="rotation"/> in degrees turns it about that point.</summary>
    public static XElement Text(double x, double y, string text, string cssClass, double fontSize = LabelFontSize,
        string anchor = "middle", double rotation = 0, string baseline = "auto", bool bold = false, string fill = "#222")
    {
        var element = Element("text", new XAttribute("class", cssClass), Attribute("x", x), Attribute("y", y),
            new XAttribute("text-anchor", anchor), new XAttribute("dominant-baseline", baseline),
            Attribute("font-size", fontSize), new XAttribute("fill", fill), text);
        if (rotation != 0)
            element.Add(new XAttribute("transform", $"rotate({Format(rotation)} {Format(x)} {Format(y)})"));
        if (bold)
            element.Add(new XAttribute("font-weight", "bold"));
        return element;
    }

    /// <summary>Adds the chart title, centred at the top.</summary>
    public void AddTitle(string title) =>
        Add(Text(Width / 2, 24, title, "title", TitleFontSize, bold: true));
}
