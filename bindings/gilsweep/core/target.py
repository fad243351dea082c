"""The callable a probe or a `--callable` sweep calls: `module:attribute.path`
resolved, and the expression in n that builds its arguments."""
import importlib
from dataclasses import dataclass, field


class ProbeError(Exception):
    """A target that cannot be resolved, called or judged; the message is one line."""


@dataclass(frozen=True)
class Target:
    spec: str       # module:attribute.path, as given
    function: object
    expression: str  # builds the arguments from n
    code: object = field(repr=False, compare=False)
    #: Names the expression sees beside n and the builtins: the target's top-level
    #: module, so that 'numpy.ones(n)' works for numpy:sort as `import numpy.x` would.
    names: dict = field(default_factory=dict, repr=False, compare=False)

    def arguments(self, n):
        """The argument tuple for knob n: EXPR's value, or its items if it is a tuple."""
        try:
            value = eval(self.code, {"__builtins__": __builtins__, **self.names}, {"n": n})
        except Exception as error:
            raise ProbeError(f"--arg {self.expression!r} failed at n={n}: {type(error).__name__}: {error}") from None
        return value if isinstance(value, tuple) else (value,)

    def call(self, n, arguments):
        """One call, outside any timing: a target that raises is reported with its knob."""
        try:
            self.function(*arguments)
        except Exception as error:
            raise self.raised(n, error) from None

    def raised(self, n, error, mode=None):
        """The one-line error for this target raising at knob n (and, in a sweep, in mode)."""
        where = f" ({mode})" if mode else ""
        return ProbeError(f"{self.spec} raised at n={n}{where}: {type(error).__name__}: {error}")


def resolve(spec, expression):
    """The Target for `module:attribute.path` and an argument expression in n."""
    module_name, colon, path = spec.partition(":")
    if not colon or not module_name or not path:
        raise ProbeError(f"target {spec!r} must be module:attribute (e.g. hashlib:sha256)")
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # ImportError, or whatever the module raises while importing
        raise ProbeError(f"cannot import module {module_name!r}: {type(error).__name__}: {error}") from None
    function = module
    for index, name in enumerate(path.split(".")):
        try:
            function = getattr(function, name)
        except AttributeError:
            owner = ".".join([module_name] + path.split(".")[:index])
            raise ProbeError(f"{owner!r} has no attribute {name!r}") from None
    if not callable(function):
        raise ProbeError(f"{spec} is not callable (it is a {type(function).__name__})")
    try:
        code = compile(expression, "--arg", "eval")
    except SyntaxError as error:
        raise ProbeError(f"--arg {expression!r} is not a Python expression: {error.msg}") from None
    top = module_name.partition(".")[0]
    return Target(spec, function, expression, code, {top: importlib.import_module(top)})
