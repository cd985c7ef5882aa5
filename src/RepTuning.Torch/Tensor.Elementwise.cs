using RepTuning.Torch.Native;

namespace RepTuning.Torch;

public sealed partial class Tensor
{
    private Tensor Unary(UnaryOp op) => new(NativeMethods.rt_unary((int)op, Handle));

    private Tensor Binary(BinaryOp op, Tensor other) => new(NativeMethods.rt_binary((int)op, Handle, other.Handle));

    private Tensor Binary(BinaryOp op, double scalar) =>
        new(NativeMethods.rt_binary_scalar((int)op, Handle, scalar, IsIntegralScalar(scalar) ? 1 : 0));

    // An integral value keeps an integer tensor integral (ids + 1 stays int64), as in PyTorch.
    private bool IsIntegralScalar(double scalar) => dtype.IsIntegral() && scalar == Math.Floor(scalar) && Math.Abs(scalar) < 9e15;

    /// <summary>Elementwise sum with broadcasting.</summary>
    public Tensor add(Tensor other) => Binary(BinaryOp.Add, other);
    /// <summary>Adds a scalar.</summary>
    public Tensor add(double scalar) => Binary(BinaryOp.Add, scalar);
    /// <summary>Elementwise difference with broadcasting.</summary>
    public Tensor sub(Tensor other) => Binary(BinaryOp.Sub, other);
    /// <summary>Subtracts a scalar.</summary>
    public Tensor sub(double scalar) => Binary(BinaryOp.Sub, scalar);
    /// <summary>Elementwise product with broadcasting.</summary>
    public Tensor mul(Tensor other) => Binary(BinaryOp.Mul, other);
    /// <summary>Multiplies by a scalar.</summary>
    public Tensor mul(double scalar) => Binary(BinaryOp.Mul, scalar);
    /// <summary>Elementwise (true) division with broadcasting.</summary>
    public Tensor div(Tensor other) => Binary(BinaryOp.Div, other);
    /// <summary>Divides by a scalar.</summary>
    public Tensor div(double scalar) => Binary(BinaryOp.Div, scalar);
    /// <summary>Elementwise power.</summary>
    public Tensor pow(Tensor exponent) => Binary(BinaryOp.Pow, exponent);
    /// <summary>Raises every element to a scalar power.</summary>
    public Tensor pow(double exponent) => Binary(BinaryOp.Pow, exponent);
    /// <summary>Elementwise maximum.</summary>
    public Tensor maximum(Tensor other) => Binary(BinaryOp.Maximum, other);
    /// <summary>Elementwise minimum.</summary>
    public Tensor minimum(Tensor other) => Binary(BinaryOp.Minimum, other);
    /// <summary>Elementwise remainder (sign of the divisor).</summary>
    public Tensor remainder(double divisor) => Binary(BinaryOp.Remainder, divisor);

    /// <summary>Elementwise ==, a bool tensor.</summary>
    public Tensor eq(Tensor other) => Binary(BinaryOp.Eq, other);
    /// <summary>Elementwise == scalar.</summary>
    public Tensor eq(double scalar) => Binary(BinaryOp.Eq, scalar);
    /// <summary>Elementwise !=.</summary>
    public Tensor ne(Tensor other) => Binary(BinaryOp.Ne, other);
    /// <summary>Elementwise != scalar.</summary>
    public Tensor ne(double scalar) => Binary(BinaryOp.Ne, scalar);
    /// <summary>Elementwise &lt;.</summary>
    public Tensor lt(Tensor other) => Binary(BinaryOp.Lt, other);
    /// <summary>Elementwise &lt; scalar.</summary>
    public Tensor lt(double scalar) => Binary(BinaryOp.Lt, scalar);
    /// <summary>Elementwise &lt;=.</summary>
    public Tensor le(Tensor other) => Binary(BinaryOp.Le, other);
    /// <summary>Elementwise &lt;= scalar.</summary>
    public Tensor le(double scalar) => Binary(BinaryOp.Le, scalar);
    /// <summary>Elementwise &gt;.</summary>
    public Tensor gt(Tensor other) => Binary(BinaryOp.Gt, other);
    /// <summary>Elementwise &gt; scalar.</summary>
    public Tensor gt(double scalar) => Binary(BinaryOp.Gt, scalar);
    /// <summary>Elementwise &gt;=.</summary>
    public Tensor ge(Tensor other) => Binary(BinaryOp.Ge, other);
    /// <summary>Elementwise &gt;= scalar.</summary>
    public Tensor ge(double scalar) => Binary(BinaryOp.Ge, scalar);
    /// <summary>Elementwise logical and.</summary>
    public Tensor logical_and(Tensor other) => Binary(BinaryOp.LogicalAnd, other);
    /// <summary>Elementwise logical or.</summary>
    public Tensor logical_or(Tensor other) => Binary(BinaryOp.LogicalOr, other);
    /// <summary>Elementwise logical not.</summary>
    public Tensor logical_not() => Unary(UnaryOp.LogicalNot);

    /// <summary>-x.</summary>
    public Tensor neg() => Unary(UnaryOp.Neg);
    /// <summary>|x|.</summary>
    public Tensor abs() => Unary(UnaryOp.Abs);
    /// <summary>e^x.</summary>
    public Tensor exp() => Unary(UnaryOp.Exp);
    /// <summary>Natural logarithm.</summary>
    public Tensor log() => Unary(UnaryOp.Log);
    /// <summary>log(1 + x).</summary>
    public Tensor log1p() => Unary(UnaryOp.Log1p);
    /// <summary>Square root.</summary>
    public Tensor sqrt() => Unary(UnaryOp.Sqrt);
    /// <summary>1 / sqrt(x).</summary>
    public Tensor rsqrt() => Unary(UnaryOp.Rsqrt);
    /// <summary>Sine.</summary>
    public Tensor sin() => Unary(UnaryOp.Sin);
    /// <summary>Cosine.</summary>
    public Tensor cos() => Unary(UnaryOp.Cos);
    /// <summary>Hyperbolic tangent.</summary>
    public Tensor tanh() => Unary(UnaryOp.Tanh);
    /// <summary>Logistic sigmoid.</summary>
    public Tensor sigmoid() => Unary(UnaryOp.Sigmoid);
    /// <summary>max(x, 0).</summary>
    public Tensor relu() => Unary(UnaryOp.Relu);
    /// <summary>x * sigmoid(x).</summary>
    public Tensor silu() => Unary(UnaryOp.Silu);
    /// <summary>Gaussian error linear unit (exact erf form).</summary>
    public Tensor gelu() => Unary(UnaryOp.Gelu);
    /// <summary>Sign (-1, 0, 1).</summary>
    public Tensor sign() => Unary(UnaryOp.Sign);
    /// <summary>Round down.</summary>
    public Tensor floor() => Unary(UnaryOp.Floor);
    /// <summary>Round up.</summary>
    public Tensor ceil() => Unary(UnaryOp.Ceil);
    /// <summary>Round half to even.</summary>
    public Tensor round() => Unary(UnaryOp.Round);
    /// <summary>1 / x.</summary>
    public Tensor reciprocal() => Unary(UnaryOp.Reciprocal);
    /// <summary>x².</summary>
    public Tensor square() => Unary(UnaryOp.Square);
    /// <summary>Error function.</summary>
    public Tensor erf() => Unary(UnaryOp.Erf);
    /// <summary>Elementwise "is NaN".</summary>
    public Tensor isnan() => Unary(UnaryOp.IsNan);
    /// <summary>Elementwise "is ±inf".</summary>
    public Tensor isinf() => Unary(UnaryOp.IsInf);
    /// <summary>Elementwise "is finite".</summary>
    public Tensor isfinite() => Unary(UnaryOp.IsFinite);

    /// <summary>Clamps every element into [min, max]; a null bound is open.</summary>
    public Tensor clamp(double? min = null, double? max = null) =>
        new(NativeMethods.rt_clamp(Handle, min ?? 0, max ?? 0, min.HasValue ? 1 : 0, max.HasValue ? 1 : 0));
    /// <summary>max(x, min).</summary>
    public Tensor clamp_min(double min) => clamp(min, null);

    /// <summary>Replaces the elements where <paramref name="mask"/> is true by <paramref name="value"/>.</summary>
    public Tensor masked_fill(Tensor mask, double value) => new(NativeMethods.rt_masked_fill(Handle, mask.Handle, value));

    /// <summary>In place: this += other. Returns this.</summary>
    public Tensor add_(Tensor other) { NativeMethods.Check(NativeMethods.rt_binary_((int)BinaryOp.Add, Handle, other.Handle)); return this; }
    /// <summary>In place: this += scalar. Returns this.</summary>
    public Tensor add_(double scalar) { NativeMethods.Check(NativeMethods.rt_binary_scalar_((int)BinaryOp.Add, Handle, scalar, IsIntegralScalar(scalar) ? 1 : 0)); return this; }
    /// <summary>In place: this -= other. Returns this.</summary>
    public Tensor sub_(Tensor other) { NativeMethods.Check(NativeMethods.rt_binary_((int)BinaryOp.Sub, Handle, other.Handle)); return this; }
    /// <summary>In place: this *= other. Returns this.</summary>
    public Tensor mul_(Tensor other) { NativeMethods.Check(NativeMethods.rt_binary_((int)BinaryOp.Mul, Handle, other.Handle)); return this; }
    /// <summary>In place: this *= scalar. Returns this.</summary>
    public Tensor mul_(double scalar) { NativeMethods.Check(NativeMethods.rt_binary_scalar_((int)BinaryOp.Mul, Handle, scalar, IsIntegralScalar(scalar) ? 1 : 0)); return this; }
    /// <summary>In place: this /= other. Returns this.</summary>
    public Tensor div_(Tensor other) { NativeMethods.Check(NativeMethods.rt_binary_((int)BinaryOp.Div, Handle, other.Handle)); return this; }
    /// <summary>In place: copies <paramref name="source"/> (broadcast, converted) into this. Returns this.</summary>
    public Tensor copy_(Tensor source) { NativeMethods.Check(NativeMethods.rt_copy_(Handle, source.Handle)); return this; }
    /// <summary>In place: sets every element to <paramref name="value"/>. Returns this.</summary>
    public Tensor fill_(double value) { NativeMethods.Check(NativeMethods.rt_fill_(Handle, value)); return this; }
    /// <summary>In place: sets every element to zero. Returns this.</summary>
    public Tensor zero_() => fill_(0);

    /// <summary>Elementwise sum.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(Tensor a, double b) => a.add(b);
    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(double a, Tensor b) => b.add(a);
    /// <summary>Elementwise difference.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    /// <summary>Subtracts a scalar.</summary>
    public static Tensor operator -(Tensor a, double b) => a.sub(b);
    /// <summary>scalar - tensor.</summary>
    public static Tensor operator -(double a, Tensor b) => b.Binary(BinaryOp.ReverseSub, a);
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => a.neg();
    /// <summary>Elementwise product.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(Tensor a, double b) => a.mul(b);
    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(double a, Tensor b) => b.mul(a);
    /// <summary>Elementwise division.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    /// <summary>Divides by a scalar.</summary>
    public static Tensor operator /(Tensor a, double b) => a.div(b);
    /// <summary>scalar / tensor.</summary>
    public static Tensor operator /(double a, Tensor b) => b.Binary(BinaryOp.ReverseDiv, a);
}
