using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace RepTuning.Tests.Api;

/// <summary>
/// The public surface of an assembly as sorted text: every public type with its base and interfaces, and every
/// public or protected member it declares. Checked in, so every API change shows up as a diff in review.
/// </summary>
internal static class PublicApiListing
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                          BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The visible types of <paramref name="assembly"/> (public, nested in public types included).</summary>
    public static IReadOnlyList<Type> PublicTypes(Assembly assembly) =>
        assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();

    public static string Write(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in PublicTypes(assembly))
        {
            text.Append(Header(type)).Append('\n');
            foreach (var line in Members(type).Order(StringComparer.Ordinal)) text.Append("  ").Append(line).Append('\n');
        }
        return text.ToString();
    }

    private static string Header(Type type)
    {
        var kind = type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? "struct"
            : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
            : type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class"
            : type.IsSealed ? "sealed class" : "class";
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum)) bases.Add(Name(b));
        if (!type.IsEnum)
            bases.AddRange(type.GetInterfaces().Except(type.BaseType?.GetInterfaces() ?? []).Select(Name).Order(StringComparer.Ordinal));
        return $"{kind} {Name(type)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : "")}";
    }

    private static IEnumerable<string> Members(Type type)
    {
        if (type.IsEnum)
        {
            foreach (var name in Enum.GetNames(type)) yield return name;
            yield break;
        }
        foreach (var member in type.GetMembers(Declared).Where(Visible))
        {
            var line = member switch
            {
                ConstructorInfo c => $"ctor({Parameters(c)})",
                MethodInfo m when !m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal) =>
                    $"{Modifiers(m)}{Name(m.ReturnType)} {m.Name}{Generic(m)}({Parameters(m)})",
                PropertyInfo p => $"{Modifiers(p.GetMethod ?? p.SetMethod!)}{Name(p.PropertyType)} {p.Name} {{ {Accessors(p)}}}",
                FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType)} {f.Name}",
                EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
                _ => null,
            };
            if (line is not null) yield return line;
        }
    }

    private static bool Visible(MemberInfo member)
    {
        if (member.IsDefined(typeof(CompilerGeneratedAttribute))) return false;     // record plumbing (EqualityContract, <Clone>$...)
        return member switch
        {
            MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
            PropertyInfo p => new[] { p.GetMethod, p.SetMethod }.Any(a => a is not null && (a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly)),
            FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
            EventInfo e => e.AddMethod is { } a && (a.IsPublic || a.IsFamily),
            Type => false,                                                            // nested types are listed on their own
            _ => false,
        };
    }

    private static string Modifiers(MethodInfo m) =>
        (m.IsFamily || m.IsFamilyOrAssembly ? "protected " : "") + (m.IsStatic ? "static " : "") +
        (m.IsAbstract ? "abstract " : m.IsVirtual && !m.IsFinal && m.GetBaseDefinition() == m ? "virtual " : "") +
        (m.IsVirtual && m.GetBaseDefinition() != m ? "override " : "");

    private static string Accessors(PropertyInfo p)
    {
        var text = new StringBuilder();
        if (p.GetMethod is { } g && (g.IsPublic || g.IsFamily)) text.Append("get; ");
        if (p.SetMethod is { } s && (s.IsPublic || s.IsFamily))
            text.Append(s.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? "init; " : "set; ");
        return text.ToString();
    }

    private static string Generic(MethodInfo m) =>
        m.IsGenericMethodDefinition ? $"<{string.Join(", ", m.GetGenericArguments().Select(a => a.Name))}>" : "";

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p =>
        $"{(p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : "")}" +
        $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")}"));

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(bool)] = "bool", [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte",
        [typeof(short)] = "short", [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint",
        [typeof(long)] = "long", [typeof(ulong)] = "ulong", [typeof(float)] = "float", [typeof(double)] = "double",
        [typeof(decimal)] = "decimal", [typeof(char)] = "char", [typeof(string)] = "string", [typeof(object)] = "object",
    };

    /// <summary>C#-like type names: generic arguments spelled out, namespaces dropped outside RepTuning.</summary>
    private static string Name(Type type)
    {
        if (type.IsByRef) return Name(type.GetElementType()!);
        if (type.IsArray) return Name(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (Nullable.GetUnderlyingType(type) is { } inner) return Name(inner) + "?";
        if (type.IsGenericParameter) return type.Name;
        if (Keywords.TryGetValue(type, out var keyword)) return keyword;
        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name
            : type.Namespace?.StartsWith("RepTuning", StringComparison.Ordinal) == true ? type.Namespace + "." + type.Name : type.Name;
        if (!type.IsGenericType) return name;
        var tick = name.IndexOf('`');
        var bare = tick < 0 ? name : name[..tick];
        return $"{bare}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
    }
}
