"""Typed numeric arguments of the command line, with their ranges.

An option that takes a number declares its range by its ``type``::

    p.add_argument("--disorder", type=Real(low=0.0))              # finite, >= 0
    p.add_argument("--rel-error", type=Real(0.0, 1.0, low_open=True, high_open=True))
    p.add_argument("--realizations", type=Int(low=1))             # "2e3" is 2000
    p.add_argument("--temperatures", type=Reals(low=0.0, low_open=True))
    p.add_argument("--seed", type=SEED)

argparse then refuses a bad value while parsing, before any work, in one
line naming the option (``pathsim anderson xi: argument --disorder: must be
>= 0.0 (got -1.0)``).  NaN is always refused; infinities unless
``allow_inf``.  The ranges are attributes (``low``, ``high``, ...), which the
generated bad-input battery of the tests reads to choose its values.
"""
import argparse
import math
import re

from .._validate import SEED_LIMIT, check_int, check_real


def _bare(exc):
    """``" must be >= 0 (got -1)"`` -> ``"must be >= 0 (got -1)"``."""
    return str(exc).strip()


class Real:
    """A real number in a range (see :func:`pathsim._validate.check_real`)."""
    kind = "real"

    def __init__(self, low=None, high=None, low_open=False, high_open=False,
                 allow_inf=False):
        self.low, self.high = low, high
        self.low_open, self.high_open = low_open, high_open
        self.allow_inf = allow_inf

    def __repr__(self):
        return f"{type(self).__name__}({self.low!r}, {self.high!r})"

    def value(self, text):
        try:
            number = float(text)
        except (TypeError, ValueError):
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        try:
            return check_real("", number, self.low, self.high, self.low_open,
                              self.high_open, self.allow_inf)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(_bare(exc)) from None

    __call__ = value

    def accepts(self, number):
        """Whether the range admits ``number`` (a float)."""
        try:
            check_real("", number, self.low, self.high, self.low_open, self.high_open,
                       self.allow_inf)
        except ValueError:
            return False
        return True


class Int(Real):
    """An integer in [low, high]; float notation of a whole number allowed
    (``2e3``, ``1e12``), as ``pathsim run --walkers`` takes it."""
    kind = "int"

    def __init__(self, low=None, high=None):
        super().__init__(low, high)

    def value(self, text):
        try:
            number = int(text)
        except (TypeError, ValueError):
            try:
                real = float(text)
            except (TypeError, ValueError):
                real = math.nan
            if not (math.isfinite(real) and real.is_integer()):
                raise argparse.ArgumentTypeError(
                    f"expected an integer, got {text!r}") from None
            number = int(real)
        try:
            return check_int("", number, self.low, self.high)
        except ValueError as exc:   # quote the value as written ("1e30", not its 31 digits)
            raise argparse.ArgumentTypeError(_bare(exc).rsplit(" (got ", 1)[0]
                                             + f" (got {text})") from None

    __call__ = value

    def accepts(self, number):
        if not (math.isfinite(number) and float(number).is_integer()):
            return False
        return ((self.low is None or number >= self.low)
                and (self.high is None or number <= self.high))


class Reals(Real):
    """Numbers separated by commas, each in the range; at least one."""
    kind = "reals"

    def value(self, text):
        values = parse_floats(text)
        try:
            return [check_real("", x, self.low, self.high, self.low_open, self.high_open,
                               self.allow_inf) for x in values]
        except ValueError as exc:
            raise argparse.ArgumentTypeError(_bare(exc)) from None

    __call__ = value


#: a random seed, 0 <= seed < 2**64
SEED = Int(0, SEED_LIMIT - 1)


def parse_floats(text):
    """Numbers separated by commas (or spaces): ``"3,10"`` -> [3.0, 10.0].
    An empty item (``"10,,20"``, a trailing comma) is refused, not dropped."""
    items = re.split(r"\s*,\s*|\s+", text.strip())
    if "" in items:
        raise argparse.ArgumentTypeError(f"empty item in the list {text!r} "
                                         "(numbers separated by commas)")
    try:
        return [float(x) for x in items]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected numbers separated by commas, got {text!r}") from None


class Names:
    """One name or a comma-separated list of names (a column, a fitted
    parameter): each item non-empty after stripping blanks.  Returns the
    text unchanged (with ``many=False``, one name without commas), so the
    command keeps its own checks of which names exist."""
    kind = "names"

    def __init__(self, many=False):
        self.many = many

    def __repr__(self):
        return f"Names(many={self.many})"

    def __call__(self, text):
        items = text.split(",") if self.many else [text]
        if any(not item.strip() for item in items):
            what = "a comma-separated list of names" if self.many else "a name"
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}")
        return text


NAME, NAMES = Names(), Names(many=True)
