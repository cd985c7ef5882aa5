using System.Text;
using RepTuning.Checkpoints;
using RepTuning.Checkpoints.Gguf;
using RepTuning.Tokenization;

namespace RepTuning.Tests.Fuzzing;

/// <summary>Small valid files of each format, built in memory so the fuzz tests mutate nothing on disk but their own copies.</summary>
internal static class SeedFiles
{
    /// <summary>A safetensors file with F32, F16, BF16 and I64 tensors and metadata.</summary>
    public static byte[] Safetensors(string folder)
    {
        string path = Path.Combine(folder, "seed.safetensors");
        SafetensorsWriter.Write(path,
        [
            new TensorToWrite("a.weight", DType.F32, [2, 3], new byte[24]),
            new TensorToWrite("b.weight", DType.F16, [4], new byte[8]),
            new TensorToWrite("c.bias", DType.BF16, [1, 2], new byte[4]),
            new TensorToWrite("d.ids", DType.I64, [3], new byte[24]),
        ], new Dictionary<string, string> { ["format"] = "pt", ["note"] = "seed" });
        return File.ReadAllBytes(path);
    }

    /// <summary>A GGUF file with every metadata type (arrays and a nested array included) and F32 and F16 tensors.</summary>
    public static byte[] Gguf(string folder)
    {
        string path = Path.Combine(folder, "seed.gguf");
        var metadata = new Dictionary<string, object>
        {
            ["general.architecture"] = "test", ["u8"] = (byte)7, ["i8"] = (sbyte)-5, ["u16"] = (ushort)600, ["i16"] = (short)-3,
            ["u32"] = 40u, ["i32"] = -7, ["f32"] = 1.5f, ["bool"] = true, ["str"] = "héllo", ["u64"] = 9ul, ["i64"] = -9L, ["f64"] = 2.5,
            ["ints"] = new GgufArray(GgufValueType.Int32, [1, 2, 3]),
            ["strings"] = new GgufArray(GgufValueType.String, ["a", "bc"]),
            ["nested"] = new GgufArray(GgufValueType.Array, [new GgufArray(GgufValueType.UInt8, [(byte)1, (byte)2])]),
        };
        GgufWriter.Write(path, metadata,
        [
            new GgufTensor("f32", GgufTensorType.F32, [3, 2], [1, 2, 3, 4, 5, 6]),
            new GgufTensor("f16", GgufTensorType.F16, [4], [0.5f, -1, 2, 0]),
        ]);
        return File.ReadAllBytes(path);
    }

    /// <summary>A llama.cpp control vector with three directions of width 8.</summary>
    public static byte[] ControlVector(string folder)
    {
        string path = Path.Combine(folder, "seed-cv.gguf");
        var directions = Enumerable.Range(1, 3).ToDictionary(k => k, k => Enumerable.Range(0, 8).Select(i => k + i / 10f).ToArray());
        new GgufControlVector("llama", directions).Write(path);
        return File.ReadAllBytes(path);
    }

    /// <summary>A llama2.c checkpoint: dim 8, hidden 16, one layer, 2 heads, 1 kv head, vocabulary 10 (unshared), seq_len 4.</summary>
    public static byte[] Llama2c()
    {
        int[] header = [8, 16, 1, 2, 1, -10, 4];
        const int floats = 10 * 8 + 8 + 8 * 8 + 2 * (4 * 8) + 8 * 8 + 8 + 3 * (16 * 8) + 8 + 2 * (4 * 2) + 10 * 8;
        using var stream = new MemoryStream();
        foreach (int value in header)
            stream.Write(BitConverter.GetBytes(value));
        var random = new Random(5);
        for (int i = 0; i < floats; i++)
            stream.Write(BitConverter.GetBytes((float)random.NextDouble()));
        return stream.ToArray();
    }

    /// <summary>A llama2.c tokenizer.bin: &lt;unk&gt;, BOS, EOS, 256 raw byte tokens and a few merged pieces.</summary>
    public static byte[] TokenizerBin()
    {
        using var stream = new MemoryStream();
        stream.Write(BitConverter.GetBytes(16));
        void Token(float score, byte[] bytes)
        {
            stream.Write(BitConverter.GetBytes(score));
            stream.Write(BitConverter.GetBytes(bytes.Length));
            stream.Write(bytes);
        }
        Token(0, "<unk>"u8.ToArray());
        Token(0, "\n<s>\n"u8.ToArray());
        Token(0, "\n</s>\n"u8.ToArray());
        for (int b = 0; b < 256; b++)
            Token(0, [(byte)b]);
        string[] pieces = [" ", "a", "b", "c", "ab", " ab", "abc", "he", "l", "o", "ll", "hell", "hello", " hello"];
        for (int i = 0; i < pieces.Length; i++)
            Token(-i, Encoding.UTF8.GetBytes(pieces[i]));
        return stream.ToArray();
    }

    /// <summary>The Hugging Face tokenizer.json of <see cref="TokenizerBin"/>.</summary>
    public static byte[] TokenizerJson(string folder)
    {
        string bin = Path.Combine(folder, "seed-tokenizer.bin");
        File.WriteAllBytes(bin, TokenizerBin());
        string exported = Path.Combine(folder, "seed-json");
        HfTokenizerJsonWriter.Write(SentencePieceBinReader.Read(bin), exported, 64);
        return File.ReadAllBytes(Path.Combine(exported, "tokenizer.json"));
    }

    /// <summary>A Hugging Face llama <c>config.json</c> with GQA, Llama 3 RoPE scaling and a list of EOS ids.</summary>
    public static byte[] ConfigJson() => Encoding.UTF8.GetBytes("""
        {
          "architectures": ["LlamaForCausalLM"],
          "model_type": "llama",
          "hidden_size": 64,
          "intermediate_size": 172,
          "num_hidden_layers": 2,
          "num_attention_heads": 4,
          "num_key_value_heads": 2,
          "vocab_size": 300,
          "max_position_embeddings": 128,
          "rms_norm_eps": 1e-05,
          "rope_theta": 500000.0,
          "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 64},
          "tie_word_embeddings": false,
          "attention_bias": false,
          "bos_token_id": 1,
          "eos_token_id": [2, 3],
          "torch_dtype": "bfloat16"
        }
        """);

    /// <summary>The fields of <see cref="ConfigJson"/> the mutator rewrites (<c>rope_scaling.</c> ones inside that block).</summary>
    public static readonly string[] ConfigFields =
    [
        "model_type", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "head_dim",
        "vocab_size", "max_position_embeddings", "rms_norm_eps", "rope_theta", "rope_scaling", "tie_word_embeddings", "attention_bias",
        "bos_token_id", "eos_token_id", "torch_dtype", "rope_scaling.rope_type", "rope_scaling.type", "rope_scaling.factor",
        "rope_scaling.low_freq_factor", "rope_scaling.high_freq_factor", "rope_scaling.original_max_position_embeddings",
    ];

    /// <summary>A JSONL pairs file: quotes, escapes, non-ASCII text and a blank line.</summary>
    public static byte[] PairsJsonl() => Encoding.UTF8.GetBytes(
        "{\"positive\": \"I love \\\"this\\\" 🙂\", \"negative\": \"I hate this\"}\n" +
        "\n" +
        "{\"negative\": \"Non, merci.\\nBye\", \"positive\": \"Oui, héllo\", \"extra\": 7}\n" +
        "{\"positive\": \"yes\", \"negative\": \"no\"}\n");

    /// <summary>A <c>positive,negative</c> CSV: quoted fields with commas, doubled quotes and a line break, CRLF.</summary>
    public static byte[] PairsCsv() => Encoding.UTF8.GetBytes(
        "positive,negative\r\n" +
        "\"I love it, really\",\"I hate it, really\"\r\n" +
        "\"She said \"\"yes\"\"\",\"She said \"\"no\"\"\"\r\n" +
        "\"two\nlines\",héllo 🙂\r\n" +
        "yes,no\r\n");

    /// <summary>A <c>statement,label</c> facts CSV, the other CSV pairs format.</summary>
    public static byte[] FactsCsv() => Encoding.UTF8.GetBytes(
        "statement,label\n" +
        "\"Paris is in France, Europe\",1\n" +
        "The sun is cold,0\n" +
        "\"Water is \"\"wet\"\"\",true\n" +
        "Fish can climb trees,False\n");
}
