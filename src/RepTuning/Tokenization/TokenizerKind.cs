namespace RepTuning.Tokenization;

/// <summary>The family a BPE tokenizer belongs to, which decides how text is prepared for the merges.</summary>
internal enum TokenizerKind
{
    /// <summary>SentencePiece-style BPE (Llama-2, Mistral, llama2.c): "▁" for spaces, byte fallback.</summary>
    SentencePieceBpe,

    /// <summary>Byte-level BPE (GPT-2, Llama-3, Qwen2): regex pre-tokenization over UTF-8 bytes.</summary>
    ByteLevelBpe,
}
