using System.Xml.Linq;

namespace RepTuning.Tests.Evaluation;

/// <summary>Parses chart SVG as XML and finds elements by tag and CSS class.</summary>
internal static class SvgAssertions
{
    public static XElement Parse(string svg) => XDocument.Parse(svg).Root!;

    public static List<XElement> WithClass(XElement root, string name, string cssClass) =>
        root.Descendants().Where(e => e.Name.LocalName == name && (e.Attribute("class")?.Value.Split(' ').Contains(cssClass) ?? false)).ToList();
}
