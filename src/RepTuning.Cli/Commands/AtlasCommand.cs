using System.CommandLine;
using RepTuning.Evaluation.Atlas;
using RepTuning.Reading;
using RepTuning.Reporting;
using RepTuning.Reporting.Charts;

namespace RepTuning.Cli.Commands;

/// <summary><c>reptune atlas --vector-a V --vector-b V [--model-a PATH --model-b PATH] --out DIR</c>.</summary>
internal static class AtlasCommand
{
    internal static Command Create()
    {
        var vectorA = new Option<string>("--vector-a") { Description = "First steering vector (e.g. read from the base model)", Required = true };
        var vectorB = new Option<string>("--vector-b") { Description = "Second steering vector (e.g. read from the chat model)", Required = true };
        var modelA = new Option<string?>("--model-a") { Description = "First checkpoint, for per-layer parameter divergence" };
        var modelB = new Option<string?>("--model-b") { Description = "Second checkpoint, for per-layer parameter divergence" };
        var device = CommonOptions.Device();
        var output = new Option<string>("--out") { Description = "Output folder for atlas.json, charts (PNG and SVG) and atlas.md", Required = true };
        var command = new Command("atlas", "Compare two vectors layer by layer (cosine, cross-layer cosine, PCA) and two checkpoints' weights")
            { vectorA, vectorB, modelA, modelB, device, output };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var (pathA, pathB) = (parse.GetValue(modelA), parse.GetValue(modelB));
            if ((pathA is null) != (pathB is null)) throw new ArgumentException("give both --model-a and --model-b, or neither");
            var file = EvaluationOutput.Folder(parse.GetValue(output)!);
            var atlas = VectorAtlas.Compare(SteeringVector.Load(parse.GetValue(vectorA)!), SteeringVector.Load(parse.GetValue(vectorB)!), "a", "b");
            JsonReport.Write(file("atlas.json"), atlas);
            new LineChart(atlas.CosineChart()).Save(file("atlas_cosine"));
            new Heatmap(atlas.CrossLayerHeatmap()).Save(file("atlas_cross_a"));
            new Heatmap(atlas.CrossLayerHeatmap(b: true)).Save(file("atlas_cross_b"));
            new ScatterChart(atlas.PcaChart()).Save(file("atlas_pca"));
            var markdown = "# Vector atlas\n\n" + MarkdownTable.Render(["Layer", "cos(a, b)"], atlas.Layers.Select((l, i) => (IReadOnlyList<object?>)[l, atlas.Cosine[i]]), "0.000");

            if (pathA is not null)
            {
                using var a = CommonOptions.LoadModel(pathA, parse.GetValue(device)!);
                using var b = CommonOptions.LoadModel(pathB!, parse.GetValue(device)!);
                var divergence = ParameterDivergence.Compute(a.Network, b.Network);
                JsonReport.Write(file("divergence.json"), divergence);
                new LineChart(divergence.LayerChart()).Save(file("divergence"));
                new Heatmap(divergence.ModuleHeatmap()).Save(file("divergence_modules"));
                markdown += "\n\n## Parameter divergence\n\n" + MarkdownTable.Render(["Layer", "L2 of weight difference"], divergence.LayerL2.Select((d, l) => (IReadOnlyList<object?>)[l, d]), "0.######");
            }
            EvaluationOutput.WriteMarkdown(file("atlas.md"), markdown + "\n");
            Console.WriteLine($"wrote {file("atlas.md")}");
            return 0;
        }));
        return command;
    }
}
