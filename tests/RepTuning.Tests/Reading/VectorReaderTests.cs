using RepTuning.Models;
using RepTuning.Reading;
using RepTuning.Reading.Datasets;
using RepTuning.Reading.Extraction;
using RepTuning.Tests.Reading.Extraction;

namespace RepTuning.Tests.Reading;

public class VectorReaderTests
{
    private static readonly Lazy<ActivationSet> s_happySad = new(() => ActivationCapture.Capture(TestModels.Stories15M, TemplatedPairs.HappySad()));

    private static SteeringVectorInfo Stories15MInfo(string method) => new() { HiddenSize = 288, LayerCount = 6, Method = method };

    [Fact]
    public void Happy_sad_direction_separates_held_out_pairs_on_stories15M()
    {
        var result = VectorReader.Read(s_happySad.Value, Stories15MInfo("meandiff"));
        result.Layers.Select(l => l.Layer).Should().Equal(0, 1, 2, 3, 4, 5);
        var best = result.Ranking[0];
        best.HeldOutAccuracy.Should().BeGreaterThanOrEqualTo(0.9);
        best.Auc.Should().BeGreaterThan(0.8);
        best.ExplainedVariance.Should().BeInRange(0, 1);
        result.BestLayer.Should().Be(best.Layer);
        result.Ranking.Select(r => r.HeldOutAccuracy).Should().BeInDescendingOrder();
    }

    [Fact]
    public void Mean_difference_and_pca_of_differences_agree_at_the_best_layer()
    {
        var meanDiff = VectorReader.Read(s_happySad.Value, Stories15MInfo("meandiff"));
        var pcaDiff = VectorReader.Read(s_happySad.Value, Stories15MInfo("pca-diff"), new ReadOptions { Method = DirectionMethod.PcaOfDifferences });
        var layer = meanDiff.BestLayer;
        using var scope = torch.NewDisposeScope();
        var cos = torch.nn.functional.cosine_similarity(meanDiff.Vector.ToTensor(layer), pcaDiff.Vector.ToTensor(layer), dim: 0).ToSingle();
        Math.Abs(cos).Should().BeGreaterThan(0.8f);
    }

    [Fact]
    public void Planted_direction_gives_perfect_held_out_diagnostics()
    {
        using var planted = new PlantedDirection(pairs: 40);
        using var set = new ActivationSet(new Dictionary<int, (Tensor, Tensor)> { [1] = (planted.Positives.clone(), planted.Negatives.clone()) }, HookPoint.ResidPost, "h");
        var result = VectorReader.Read(set, new SteeringVectorInfo { HiddenSize = PlantedDirection.Width, LayerCount = 2 });
        var layer = result.Layers.Single();
        (layer.HeldOutAccuracy, layer.Auc).Should().Be((1.0, 1.0));
        layer.CohensD.Should().BeGreaterThan(3);
        planted.Cosine(result.Vector[1].ToArray()).Should().BeGreaterThan(0.99);
    }

    [Fact]
    public void A_nuisance_direction_is_projected_out_of_the_result()
    {
        using var planted = new PlantedDirection(pairs: 40);
        using var set = new ActivationSet(new Dictionary<int, (Tensor, Tensor)> { [0] = (planted.Positives.clone(), planted.Negatives.clone()) }, HookPoint.ResidPost, "h");
        var info = new SteeringVectorInfo { HiddenSize = PlantedDirection.Width, LayerCount = 1 };
        var nuisance = new SteeringVector(new Dictionary<int, float[]> { [0] = planted.Direction.ToArray<float>() }, info);
        var result = VectorReader.Read(set, info, new ReadOptions { Nuisance = nuisance });
        planted.Cosine(result.Vector[0].ToArray()).Should().BeApproximately(0, 1e-4);
    }

    [Fact]
    public void Identical_activations_at_every_layer_are_a_degenerate_dataset_error()
    {
        using var planted = new PlantedDirection(pairs: 40);
        using var set = new ActivationSet(new Dictionary<int, (Tensor, Tensor)>
        {
            [0] = (planted.Positives.clone(), planted.Positives.clone()),
            [1] = (planted.Negatives.clone(), planted.Negatives.clone()),
        }, HookPoint.ResidPost, "h");
        var read = () => VectorReader.Read(set, new SteeringVectorInfo { HiddenSize = PlantedDirection.Width, LayerCount = 2, DatasetHash = "h" });
        read.Should().Throw<DegenerateDatasetException>().Which.DatasetName.Should().Be("h");
    }

    [Fact]
    public void Too_few_pairs_is_an_argument_error()
    {
        var read = () => VectorReader.Read(TestModels.Stories15M, ContrastiveDataset.FromTexts("t", [("a", "b"), ("c", "d")]));
        read.Should().Throw<ArgumentException>().WithMessage("*at least 4 pairs*");
    }

    [Fact]
    public void Extract_path_writes_a_loadable_vector_with_provenance()
    {
        using var dir = new TempDirectory();
        var pairs = dir.File("pairs.jsonl");
        File.WriteAllLines(pairs, TemplatedPairs.HappySad().Pairs.Take(8).Select(p =>
            System.Text.Json.JsonSerializer.Serialize(new { positive = p.Positive, negative = p.Negative })));
        var model = TestModels.Stories15M;
        var dataset = PairsFile.Load(pairs, model.ChatTemplate);
        var result = VectorReader.Read(model, dataset, new ReadOptions { Method = DirectionMethod.PcaCentered, Layers = [2, 3] });
        result.Vector.Save(dir.File("vec.safetensors"));

        var loaded = SteeringVector.Load(dir.File("vec.safetensors"));
        loaded.Should().Be(result.Vector);
        loaded.Layers.Should().Equal(2, 3);
        loaded.Info.Should().Be(new SteeringVectorInfo
        {
            ModelId = model.Source, HiddenSize = 288, LayerCount = 6, Method = "pca-center", ReadPosition = "last", DatasetHash = dataset.Hash,
        });
        loaded.CheckCompatible(model.Network.Config);
    }
}
