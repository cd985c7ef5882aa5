namespace RepTuning.Torch.Native;

/// <summary>Unary op codes of rt_unary (native/src/rt_elementwise.cpp).</summary>
internal enum UnaryOp
{
    Neg, Abs, Exp, Log, Sqrt, Rsqrt, Sin, Cos, Tanh, Sigmoid, Relu, Silu, Gelu, Sign, Floor, Ceil, Round,
    Reciprocal, Square, LogicalNot, IsNan, IsInf, IsFinite, Log1p, Erf,
}

/// <summary>Binary op codes of rt_binary / rt_binary_scalar (native/src/rt_elementwise.cpp).</summary>
internal enum BinaryOp
{
    Add, Sub, Mul, Div, Pow, Maximum, Minimum, Eq, Ne, Lt, Le, Gt, Ge, LogicalAnd, LogicalOr, Remainder,
    /// <summary>scalar - tensor (scalar form only).</summary>
    ReverseSub,
    /// <summary>scalar / tensor (scalar form only).</summary>
    ReverseDiv,
}

/// <summary>Reduction codes of rt_reduce (native/src/rt_reduce.cpp).</summary>
internal enum ReduceOp
{
    Sum, Mean, Amax, Amin, Prod, Var, Std, LogSumExp, ArgMax, ArgMin, All, Any,
}
