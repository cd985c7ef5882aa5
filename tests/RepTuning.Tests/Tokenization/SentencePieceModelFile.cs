using Google.Protobuf;
using Microsoft.ML.Tokenizers;
using RepTuning.Tokenization;
using WireType = Google.Protobuf.WireFormat.WireType;

namespace RepTuning.Tests.Tokenization;

/// <summary>
/// Builds the SentencePiece <c>tokenizer.model</c> that llama2.c's tokenizer.bin was exported from (no such file
/// is fetched offline): a ModelProto with Llama-2's settings (BPE, byte fallback, unknown 0, BOS 1, EOS 2, dummy
/// prefix, whitespace kept) and the .bin's pieces and scores. Field numbers from sentencepiece_model.proto.
/// </summary>
internal static class SentencePieceModelFile
{
    private static readonly Lazy<byte[]> StoriesLazy = new(() =>
        Build(TestPaths.Require(Path.Combine(TestPaths.Stories15MDir, "tokenizer.bin"))));

    private enum PieceType { Normal = 1, Unknown = 2, Control = 3, Byte = 6 }

    /// <summary>stories15M's tokenizer (Llama-2's vocabulary) as tokenizer.model bytes.</summary>
    public static byte[] Stories => StoriesLazy.Value;

    /// <summary>A fresh ML.Tokenizers <see cref="LlamaTokenizer"/> over <see cref="Stories"/>.</summary>
    public static LlamaTokenizer CreateStoriesLlamaTokenizer()
    {
        using var stream = new MemoryStream(Stories, writable: false);
        return LlamaTokenizer.Create(stream);
    }

    private static byte[] Build(string tokenizerBin)
    {
        var (pieces, scores, hasByteTokens) = SentencePieceBinReader.ReadVocabulary(tokenizerBin);
        return Message(model =>
        {
            for (var id = 0; id < pieces.Count; id++)
            {
                var type = id == 0 ? PieceType.Unknown : id < 3 ? PieceType.Control
                    : hasByteTokens && id < 3 + 256 ? PieceType.Byte : PieceType.Normal;
                var (piece, score) = (pieces[id], scores[id]);
                Field(model, 1, Message(p =>
                {
                    p.WriteTag(1, WireType.LengthDelimited);
                    p.WriteString(piece);
                    p.WriteTag(2, WireType.Fixed32);
                    p.WriteFloat(score);
                    p.WriteTag(3, WireType.Varint);
                    p.WriteEnum((int)type);
                }));
            }
            Field(model, 2, Message(trainer =>
            {
                Varint(trainer, 3, 2); // model_type BPE
                Varint(trainer, 4, pieces.Count); // vocab_size
                Varint(trainer, 35, hasByteTokens ? 1 : 0); // byte_fallback
                Varint(trainer, 40, 0); // unk_id
                Varint(trainer, 41, 1); // bos_id
                Varint(trainer, 42, 2); // eos_id
                Varint(trainer, 43, -1); // pad_id
            }));
            Field(model, 3, Message(normalizer =>
            {
                normalizer.WriteTag(1, WireType.LengthDelimited);
                normalizer.WriteString("identity");
                Varint(normalizer, 3, 1); // add_dummy_prefix
                Varint(normalizer, 4, 0); // remove_extra_whitespaces
                Varint(normalizer, 5, 1); // escape_whitespaces
            }));
        });
    }

    private static void Field(CodedOutputStream output, int number, byte[] message)
    {
        output.WriteTag(number, WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(message));
    }

    private static void Varint(CodedOutputStream output, int number, int value)
    {
        output.WriteTag(number, WireType.Varint);
        output.WriteInt32(value);
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }
}
