"""Exact 2D weak antilocalization beyond the diffusion approximation: the
ballistic theory of Golub for one linear spin-orbit term, derived for the
walk pathsim simulates (:ref:`theory-ballistic-wal`); both terms together
are solved in :mod:`.exact_spin_rd`.

The walk: isotropic elastic scattering, free paths Exp(l), a spin that
precesses during each flight about the momentum-dependent Rashba field
``Omega = theta (c_y, -c_x)`` (``theta`` the angle per l, as in
:mod:`pathsim._kernels.spin`), dephasing ``exp(-t / tau_phi)``.  A closed
loop's spin factor is ``(Tr R - 1) / 2`` with ``R`` its rotation in the
spin-1 (pair) representation, so the correction is the singlet, i.e. the
spinless :func:`pathsim.theory.exact_2d`, plus half the change of the
triplet loop sum with ``theta``.  The triplet flight operator conserves
``N - m`` (Landau level minus spin projection), so it splits into 3 x 3
blocks ``J = N - m``; their elements are Laplace transforms of
Laguerre functions at the complex rates ``1 + g`` and ``1 + g + i theta``.
Above the Landau cut the zero-field kernel, in closed form with Bessel
transforms, is integrated over ``q``.

Engine units: l = v = tau = 1, ``b = B / B_tr`` with ``B_tr = hbar / (2 e
l^2)``, conductivity corrections in ``G0 = e^2 / (pi h)``.
"""
import functools

import numpy as np

from pathsim._validate import check_array, check_choice, check_int, check_real
from pathsim.theory._common import TERMS
from pathsim.theory._common import as_result as _result
from pathsim.theory._common import outer_pair as _pair
from pathsim.theory.exact_2d import N_CUT, N_CUT_MAX, _laguerre_functions, _nodes, flat_terms
from pathsim.theory.exact_spin_q import D_WEIGHTS as _D_WEIGHTS
from pathsim.theory.exact_spin_q import M as _M
from pathsim.theory.exact_spin_q import q_change as _q_change
from pathsim.theory.exact_spin_rd import N_CUT_RD, triplet_change

__all__ = ["ballistic_wal", "ballistic_magnetoconductance", "zero_field_triplet"]

_MAX_PHASE = 8.0     # largest spin phase theta a w across a 16-node panel of width w
_NEGLIGIBLE = 40.0   # exp(-40) = 4e-18: panels beyond a c x = 40 carry nothing


#: Largest precession angle per mean free path of :func:`ballistic_wal`.
THETA_MAX = 100.0


@functools.lru_cache(maxsize=8)
def _tables(n_max, w_max=None, x_stop=None):
    """Nodes ``x``, weights ``w``, widths of their panels, and the tables
    ``T[k, n](x) = sqrt(n! / (n + k)!) x^k exp(-x^2/2) L_n^k(x^2)``, k = 0..3.

    ``T[k, n]`` is the element <n + k| D |n> of the displacement by
    ``x e^(i phi)`` in Landau levels (the magnetic translation of the
    pair); bounded by 1.  Default grid: that of :func:`exact_2d`; with
    ``w_max``, panels no wider than ``w_max``, only up to ``x_stop``.
    """
    x, w, width = _nodes(n_max, w_max, x_stop)
    phi = _laguerre_functions(x, n_max)
    out = np.empty((4, n_max + 1, x.size))
    out[0] = phi
    lag = phi
    norm = np.ones(n_max + 1)
    for k in range(1, 4):
        lag = np.cumsum(lag, axis=0)            # L_n^k = sum_{j <= n} L_j^(k-1)
        norm = norm / np.sqrt(np.arange(n_max + 1) + k)
        out[k] = lag * norm[:, None] * x ** k
    for arr in (x, w, width, out):
        arr.flags.writeable = False
    return x, w, width, out


def _radial(b, g, theta, n_max):
    """``(R, C, S)[k, n] = a Int dx exp(-a (1+g) x) {1, cos, sin}(theta a x) T[k, n](x)``,
    ``a = sqrt(2 / b)``: the flight's Laplace transforms with spin phases."""
    a = np.sqrt(2.0 / b)
    kappa = a * (1.0 + g)
    x, w, width, table = _tables(n_max)
    alive = kappa * (x - width) < _NEGLIGIBLE
    if theta * a * np.max(width[alive], initial=0.0) > _MAX_PHASE:
        # the spin phase turns too fast for the shared grid where the flight
        # still counts: a finer grid on [0, 40 / (a (1+g))] only
        w_max = min(_MAX_PHASE / (theta * a), 2.0 * np.pi / np.sqrt(n_max + 1.0))
        w_max = 2.0 ** np.floor(np.log2(w_max))           # few distinct grids
        x_stop = 2.0 ** np.ceil(np.log2(_NEGLIGIBLE / kappa))
        x, w, width, table = _tables(n_max, w_max, x_stop)
    damp = a * w * np.exp(-kappa * x)
    phase = theta * a * x
    weights = np.stack((damp, damp * np.cos(phase), damp * np.sin(phase)))
    flat = table.reshape(-1, x.size)
    return (weights @ flat.T).reshape(3, 4, n_max + 1)


@functools.lru_cache(maxsize=4)
def _block_index(j_top):
    """Gather indices of the block elements for J = -1 .. j_top.

    For sigma in (0, +1, -1) (the velocity harmonic exp(i sigma phi)) the
    operator maps block J to J - sigma; element (m', m) joins level
    N = J + m to N' = J - sigma + m', with order k = N' - N and the sign
    (-1)^k when N' < N.  Returns arrays of shape (3, nJ, 3, 3): |k|, the
    lower level, the sign (0 where a level is negative).
    """
    J = np.arange(-1, j_top + 1)[:, None, None]
    mp = np.array(_M)[None, :, None]
    m = np.array(_M)[None, None, :]
    ks, ns, signs = [], [], []
    for sigma in (0, 1, -1):
        n_in = J + m
        n_out = J - sigma + mp
        k = n_out - n_in
        valid = (n_in >= 0) & (n_out >= 0)
        sign = np.where(k < 0, (-1.0) ** np.abs(k), 1.0) * valid
        ks.append(np.broadcast_to(np.abs(k), sign.shape))
        ns.append(np.maximum(np.minimum(n_in, n_out), 0) * valid)
        signs.append(sign)
    return np.array(ks), np.array(ns), np.array(signs)


def _blocks(radial, j_top, spin):
    """K_sigma for sigma = 0, +1, -1 and blocks J = -1 .. j_top, shape
    (3, nJ, 3, 3); ``spin`` False: theta = 0 (d = 1) on the same grid."""
    k, n, sign = _block_index(j_top)
    R, C, S = radial
    weights = _D_WEIGHTS if spin else np.eye(3)[:, :, None] * np.array([1.0, 0.0, 0.0])
    return sign * (weights[..., 0] * R[k, n] + weights[..., 1] * C[k, n]
                   + weights[..., 2] * S[k, n])


def _traces(K):
    """Per block: Tr K0^3 (1 - K0)^-1 and the two orderings of
    Tr K_-sigma G K_sigma, G = K0 (1 - K0)^-1 (block J, to J -/+ 1 and back)."""
    K0, Kp, Km = K
    G = K0 @ np.linalg.inv(np.eye(3) - K0)
    back = np.einsum("jab,jbc,jca->j", K0, K0, G)
    # sigma = +1: J -> J - 1 by K_+, back by K_- (block J-1's K_- maps J-1 -> J)
    down = np.einsum("jab,jbc,jca->j", Km[:-1], G[:-1], Kp[1:])
    # sigma = -1: J -> J + 1 by K_-, back by K_+ (block J+1's K_+ maps J+1 -> J)
    up = np.einsum("jab,jbc,jca->j", Kp[1:], G[1:], Km[:-1])
    return back[:-1], down, up


def _landau_triplet(b, g, theta, j_cut):
    """Triplet (sigma_a, sigma_b) of blocks J < j_cut, with theta and with
    theta = 0 on the same grid (their difference converges fast)."""
    radial = _radial(b, g, theta, j_cut + 3)
    out = []
    for spin in (True, False):
        back, down, up = _traces(_blocks(radial, j_cut, spin))
        # back: J = -1 .. j_cut - 1; down: (J, J - 1) for J = 0 .. j_cut, up:
        # (J, J + 1) for J = -1 .. j_cut - 1, so that the inner block (where
        # the level pair Q_N sits) runs to j_cut - 1 in both, as in exact_2d
        sigma_a = -b * back.sum().real
        sigma_b = -0.5 * b * (down.sum() + up.sum()).real
        out.append((sigma_a, sigma_b))
    return out


def zero_field_triplet(tau_phi, theta):
    """Change of the triplet loop sum by one linear spin-orbit term at B = 0:
    ``(sigma_a, sigma_b)`` of the triplet with ``theta`` minus with 0 (G0).

    Half of it is ``ballistic_wal(0, tau_phi, theta) - exact_2d(0, tau_phi)``.
    """
    g = 1.0 / check_real("tau_phi", tau_phi, lower=0.0, lower_open=True, allow_inf=True)
    theta = check_real("theta", theta, lower=0.0)
    return _q_change(0.0, g, theta)


def _one(b, g, theta, j_cut):
    """Half the triplet change (sigma_a, sigma_b) at one field b >= 0."""
    if theta == 0.0:
        return 0.0, 0.0
    if b == 0.0:
        da, db = _q_change(0.0, g, theta)
        return 0.5 * da, 0.5 * db
    (sa, sb), (sa0, sb0) = _landau_triplet(b, g, theta, j_cut)
    # block J spans q^2 ~ 2b (J + 1/2): the continuum above the cut at the
    # cells' edges (as in exact_2d: sigma_a at 2b j_cut, sigma_b half a level on)
    ta, _ = _q_change(2.0 * b * j_cut, g, theta)
    _, tb = _q_change(2.0 * b * (j_cut + 0.5), g, theta)
    return 0.5 * (sa - sa0 + ta), 0.5 * (sb - sb0 + tb)


def ballistic_wal(b, tau_phi, rashba=0.0, dresselhaus=0.0, term="total", *, n_cut=None):
    """Weak antilocalization of a 2D gas beyond the diffusion approximation,
    with Rashba and/or linear Dresselhaus spin-orbit coupling (G0).

    Exact for pathsim's walk (isotropic scattering, exponential free paths,
    spin precession about the flight's spin-orbit field, dephasing
    exp(-t / tau_phi)) at every classically weak field (omega_c tau =
    b / (2 k_F l) << 1), tau_phi and spin-orbit angle: the Landau-level sums
    of Golub (Phys. Rev. B 71, 235310 (2005)) with both the backscattering
    and the non-backscattering terms, derived in
    :ref:`theory-ballistic-wal`.  Rashba or linear Dresselhaus alone give
    the same result (loop by loop): 3 x 3 blocks, about 10 ms per field
    (one core), the Landau cut changes the result by < 1e-5 G0 at
    b >= 1e-3.  Both together (Glazov & Golub, Semicond. Sci. Technol. 24,
    064007 (2009)) couple the blocks (:mod:`.exact_spin_rd`,
    :ref:`theory-ballistic-wal-rd`): 30 to 45 ms per field at b = 0.1 to 3
    (one core, (a, d) up to (1.5, 0.5); 0.15 to 0.3 s at b ~ 0.01 to 0.03
    with strong coupling), converged to
    a few 1e-6 G0 at b >= 0.01; equal angles give the spinless
    :func:`pathsim.theory.exact_2d` (the persistent spin helix).  Without
    spin-orbit it is :func:`pathsim.theory.exact_2d`; for b, 1 / tau_phi,
    theta^2 << 1 its magnetoconductance is the ILP theory
    (:func:`pathsim.theory.spin.ilp`).

    Parameters
    ----------
    b : float or array_like
        Field ``B / B_tr`` (``B_tr = hbar / (2 e l^2)``), finite and >= 0.
    tau_phi : float or array_like
        Phase-coherence time in tau, > 0 or inf (b = 0 with inf raises).
    rashba, dresselhaus : float
        Precession angles per mean free path (:mod:`pathsim._kernels.spin`),
        0 to 100 (the continuum's quadrature grows with it), either or both.
    term : {"total", "backscattering", "nonbackscattering"}
    n_cut : int, optional
        Landau blocks summed before the zero-field continuum (keyword
        only), 4 <= n_cut <= 10**6: default 400 for one term; with both, at
        least this many (default 96) and more where the helix ring needs
        them (:func:`pathsim.theory.exact_spin_rd.landau_cut`).

    Returns
    -------
    float or ndarray
        ``delta_sigma / G0``, shape ``tau_phi.shape + b.shape`` when both
        are arrays.
    """
    check_choice("term", term, TERMS)
    theta_a = check_real("rashba", rashba, lower=0.0, upper=THETA_MAX)
    theta_d = check_real("dresselhaus", dresselhaus, lower=0.0, upper=THETA_MAX)
    both = theta_a > 0.0 and theta_d > 0.0
    n_cut = check_int("n_cut", (N_CUT_RD if both else N_CUT) if n_cut is None else n_cut, 4,
                      N_CUT_MAX)
    theta = max(theta_a, theta_d)
    b = check_array("b", b, 0.0)
    tau_phi = check_array("tau_phi", tau_phi, 0.0, strict=True, allow_inf=True)
    b, tau_phi = _pair(b, tau_phi)
    if np.any((b == 0.0) & np.isinf(tau_phi)):
        raise ValueError("ballistic_wal diverges at b = 0 with tau_phi = inf; "
                         "give a finite tau_phi")
    # the spinless part in closed form: with both terms at the full cut
    sigma_a, sigma_b = flat_terms(b.ravel(), tau_phi.ravel(), N_CUT if both else n_cut)
    one = (functools.partial(triplet_change, a=theta_a, d=theta_d) if both
           else functools.partial(_one, theta=theta))
    change = np.array([one(bi, 1.0 / ti, j_cut=n_cut)
                       for bi, ti in zip(b.ravel(), tau_phi.ravel())]).reshape(-1, 2)
    sigma_a, sigma_b = sigma_a + change[:, 0], sigma_b + change[:, 1]
    out = {"total": sigma_a + sigma_b, "backscattering": sigma_a, "nonbackscattering": sigma_b}
    return _result(out[term].reshape(b.shape))


def ballistic_magnetoconductance(field, B_phi, B_so, B_tr=1.0, *, B_so_D=0.0):
    """:func:`ballistic_wal` as a fit model: ``delta_sigma(B) - delta_sigma(0)``
    (G0) at ``field``, with ``B_phi``, ``B_so`` (and ``B_so_D``) and
    ``B_tr`` in the unit of ``field`` (tesla, or B_tr itself with ``B_tr = 1``).

    ``B_x = hbar / (4 e D tau_x)`` with ``1 / tau_so`` the in-plane spin
    relaxation rate of one linear term, as in the ILP model, so that
    ``tau_phi / tau = B_tr / B_phi`` and the angle per l is
    ``theta = sqrt(2 B_so / B_tr)`` (:mod:`pathsim.theory.spin`).  Unlike
    the diffusive models it depends on ``B_tr``, i.e. on the mean free path.

    Parameters
    ----------
    field : array_like
        Fields, >= 0 (unit of ``B_tr``).
    B_phi : float
        Dephasing field, > 0.
    B_so : float
        Spin-orbit field of the first term (Rashba), >= 0.
    B_tr : float
        Transport field ``hbar / (2 e l^2)``, > 0 (1: fields in B_tr).
    B_so_D : float, keyword only
        Spin-orbit field of a second term (linear Dresselhaus), >= 0, by
        the same convention: angle ``sqrt(2 B_so_D / B_tr)``.  The two
        enter symmetrically (a mirror maps one onto the other), so a curve
        cannot tell which is which; ``B_so = B_so_D`` is the persistent
        spin helix (no spin-orbit effect at all).

    Returns
    -------
    float or ndarray
        ``delta_sigma(B) - delta_sigma(0)`` in G0, the shape of ``field``.
    """
    B_tr = check_real("B_tr", B_tr, lower=0.0, lower_open=True)
    B_phi = check_real("B_phi", B_phi, lower=0.0, lower_open=True)
    B_so = check_real("B_so", B_so, lower=0.0)
    B_so_D = check_real("B_so_D", B_so_D, lower=0.0)
    b = check_array("field", field, 0.0) / B_tr
    tau_phi = B_tr / B_phi
    theta, theta_d = np.sqrt(2.0 * B_so / B_tr), np.sqrt(2.0 * B_so_D / B_tr)
    return _result(np.asarray(ballistic_wal(b, tau_phi, theta, theta_d))
                   - ballistic_wal(0.0, tau_phi, theta, theta_d))
