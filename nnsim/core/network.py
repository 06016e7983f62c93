"""A fully connected network with one flat parameter buffer.

Conventions (the lecture's): batch-first arrays, ``Z = X @ W + b``, ``W[i]`` of shape
(fan_in, fan_out) so column j of ``W[i]`` is the recipe of new feature j.

Memory layout: :attr:`Network.params` is ONE float64 buffer holding every ``W`` (layer
order, C-order) followed by every ``b``; :attr:`Network.weights` and
:attr:`Network.biases` are views into it, and :attr:`Network.grad` has the same layout.
An optimizer therefore updates all parameters with one vectorised operation, and the
regularisation terms act on the contiguous prefix that holds the weights.

Speed: for playground-size networks NumPy's per-call overhead, not arithmetic,
dominates. :meth:`Network.compute_gradients` runs on buffers preallocated per batch
size, writes every result in place (``out=``), and makes a handful of NumPy calls per
layer; there is no Python loop over neurons or samples.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nnsim.core.activations import (
    ACTIVATIONS,
    OUTPUT_ACTIVATIONS,
    Activation,
    backward_kernel,
    forward_kernel,
)
from nnsim.core.initializers import INITIALIZERS, init_layer
from nnsim.core.losses import LOSSES, Loss

__all__ = ["Network"]

Array = np.ndarray

#: How many batch sizes keep their preallocated buffers (training uses one or two).
_MAX_CACHED_BATCH_SIZES = 4


class _Buffers:
    """Everything :meth:`Network.compute_gradients` writes, for one batch size ``n``.

    Layer i's pre-activations, activations, deltas (dL/dz) and scratch are (n, s_i)
    blocks of four flat buffers, so the statistics can reduce every layer at once.
    A linear layer's z is written straight into its activation block.
    """

    def __init__(self, net: Network, n: int) -> None:
        sizes = net.layer_sizes[1:]
        L = len(sizes)
        starts = np.concatenate([[0], np.cumsum([n * s for s in sizes])]).astype(np.intp)
        total = int(starts[-1])
        self.n = n
        self.starts = starts[:-1]
        # db = ones @ d is one BLAS call, cheaper than a reduction along axis 0.
        self.ones = np.ones(n)
        self.zflat = np.zeros(total)
        self.aflat = np.zeros(total)
        self.dflat = np.zeros(total)
        self.tflat = np.zeros(total)

        def blocks(flat: Array) -> list[Array]:
            return [
                flat[starts[i] : starts[i + 1]].reshape(n, sizes[i]) for i in range(L)
            ]

        acts = net._acts
        self.a = blocks(self.aflat)
        self.z = [
            a if act.name == "linear" else z
            for a, z, act in zip(self.a, blocks(self.zflat), acts, strict=True)
        ]
        self.d = blocks(self.dflat)
        self.t = blocks(self.tflat)
        # Forward plan: (W, b, z, a-buffer, kernel) per layer.
        self.fwd = [
            (net.weights[i], net.biases[i], self.z[i], self.a[i], forward_kernel(acts[i]))
            for i in range(L)
        ]
        # Backward plan for layers L-1 .. 1: (a_prev^T, dW, db, d, W^T, d_prev, z_prev,
        # a_prev, tmp_prev, kernel_prev or None for a linear previous layer).
        self.bwd = []
        for i in range(L - 1, 0, -1):
            prev = acts[i - 1]
            # f' = 1 for a linear layer: nothing to multiply.
            kernel = None if prev.name == "linear" else backward_kernel(prev)
            self.bwd.append(
                (
                    self.a[i - 1].T, net.grad_weights[i], net.grad_biases[i], self.d[i],
                    net.weights[i].T, self.d[i - 1], self.z[i - 1], self.a[i - 1],
                    self.t[i - 1], kernel,
                )
            )
        self.any_bounded = any(act.bounds is not None for act in acts)
        self.any_rectifier = any(act.rectifier for act in acts)
        self._stats: tuple[Array, ...] | None = None

    def stats_arrays(self, net: Network) -> tuple[Array, ...]:
        """Per-element saturation centre/threshold and per-layer scales, made on first use."""
        if self._stats is None:
            n = self.n
            sizes = net.layer_sizes[1:]
            centre = np.zeros(self.aflat.size)
            thresh = np.full(self.aflat.size, np.inf)
            sat_scale = np.full(len(sizes), np.nan)
            dead_scale = np.full(len(sizes), np.nan)
            for i, act in enumerate(net._acts):
                s0 = int(self.starts[i])
                block = slice(s0, s0 + n * sizes[i])
                if act.bounds is not None:
                    lo, hi = act.bounds
                    # |a - centre| >= half-width - 0.01  <=>  a within 0.01 of a bound.
                    centre[block] = 0.5 * (lo + hi)
                    thresh[block] = 0.5 * (hi - lo) - 0.01
                    sat_scale[i] = 1.0 / (n * sizes[i]) if n else np.nan
                if act.rectifier:
                    dead_scale[i] = 1.0 / sizes[i] if n else np.nan
            mean_scale = np.array([1.0 / (n * s) if n else np.nan for s in sizes])
            col_starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
            colmax = np.zeros(int(sum(sizes)))
            self._stats = (
                centre, thresh, sat_scale, dead_scale, mean_scale, col_starts, colmax,
                np.empty(self.aflat.size), np.empty(self.aflat.size, dtype=bool),
                np.empty(colmax.size, dtype=bool),
            )
        return self._stats


class Network:
    """A fully connected feed-forward network.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_inputs, hidden widths..., n_outputs]``, each >= 1; two entries make a
        network without hidden layers.
    activations : sequence of str
        One per weight layer (``len(layer_sizes) - 1``): hidden layers from
        :data:`~nnsim.core.activations.ACTIVATIONS`, the last (output) from
        :data:`~nnsim.core.activations.OUTPUT_ACTIVATIONS`.
    seed : int
        Layer i is initialised from ``np.random.default_rng([seed, i])``, so a layer's
        initial weights never depend on the other layers.
    init : str or sequence of str
        ``"auto"`` (the activation's ``default_init``) or an
        :data:`~nnsim.core.initializers.INITIALIZERS` name, for all layers or per layer.
    init_value : float
        Value of the ``"constant"`` initialiser.

    Attributes
    ----------
    params : (n_params,) float64 array
        All weights (layer order, C-order), then all biases.
    weights : list of (fan_in, fan_out) arrays
        Views into ``params``.
    biases : list of (fan_out,) arrays
        Views into ``params``.
    grad : (n_params,) float64 array
        Gradient buffer with the layout of ``params``, filled by
        :meth:`compute_gradients`; ``grad_weights`` / ``grad_biases`` are its views.
    n_params : int
        Number of parameters.
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activations: Sequence[str],
        seed: int = 0,
        init: str | Sequence[str] = "auto",
        init_value: float = 0.1,
    ) -> None:
        sizes = [int(s) for s in layer_sizes]
        if len(sizes) < 2:
            raise ValueError(f"a network needs at least an input and an output size, got {sizes}")
        if any(s < 1 for s in sizes):
            raise ValueError(f"every layer needs at least one unit, got {sizes}")
        acts = list(activations)
        L = len(sizes) - 1
        if len(acts) != L:
            raise ValueError(f"{L} weight layers need {L} activations, got {len(acts)}")
        for i, name in enumerate(acts):
            known = OUTPUT_ACTIVATIONS if i == L - 1 else ACTIVATIONS
            if name not in known:
                where = "output" if i == L - 1 else f"hidden layer {i}"
                raise ValueError(
                    f"unknown activation {name!r} for the {where}; known: {', '.join(known)}"
                )
        inits = [init] * L if isinstance(init, str) else list(init)
        if len(inits) != L:
            raise ValueError(f"{L} weight layers need {L} initialisers, got {len(inits)}")
        for name in inits:
            if name != "auto" and name not in INITIALIZERS:
                raise ValueError(
                    f"unknown initialiser {name!r}; known: auto, {', '.join(INITIALIZERS)}"
                )
        seed = int(seed)
        if seed < 0:
            raise ValueError(f"the seed must be >= 0, got {seed}")

        self.layer_sizes: list[int] = sizes
        self.activations: list[str] = acts
        self.seed: int = seed
        self.inits: list[str] = inits
        self.init_value: float = float(init_value)
        self._acts: list[Activation] = [OUTPUT_ACTIVATIONS[a] for a in acts]

        fans = list(zip(sizes[:-1], sizes[1:], strict=True))
        w_sizes = [fi * fo for fi, fo in fans]
        n_w = sum(w_sizes)
        self.n_params: int = n_w + sum(fo for _, fo in fans)
        self._n_w = n_w
        self.params = np.zeros(self.n_params)
        self.grad = np.zeros(self.n_params)
        w_off = np.concatenate([[0], np.cumsum(w_sizes)]).astype(np.intp)
        b_off = n_w + np.concatenate([[0], np.cumsum([fo for _, fo in fans])]).astype(np.intp)
        self._w_starts = w_off[:-1]
        self._layout = (fans, w_off, b_off)

        self.weights, self.biases = self.param_views(self.params)
        self.grad_weights, self.grad_biases = self.param_views(self.grad)
        # Scratch the size of all weights, for the regularisation terms and stats.
        self._wtmp = np.zeros(n_w)
        self._bufs: dict[int, _Buffers] = {}
        self._last: _Buffers | None = None
        self._loss_key: str | Loss | None = None
        self._loss_obj: Loss = LOSSES["mse"]
        for i in range(L):
            self.init_layer(i)

    # ------------------------------------------------------------------ set-up
    def param_views(self, flat: Array) -> tuple[list[Array], list[Array]]:
        """``W[i]`` (fan_in, fan_out) and ``b[i]`` (fan_out,) as views into ``flat``.

        ``flat`` is any array of :attr:`n_params` entries laid out like :attr:`params`
        (all weights in layer order, C-order, then all biases): a frozen copy of the
        parameters, or an index array that maps the layout itself.
        """
        fans, w_off, b_off = self._layout
        ws = [flat[w_off[i] : w_off[i + 1]].reshape(fans[i]) for i in range(len(fans))]
        bs = [flat[b_off[i] : b_off[i + 1]] for i in range(len(fans))]
        return ws, bs

    @property
    def n_layers(self) -> int:
        """Number of weight layers (hidden layers + the output layer)."""
        return len(self.weights)

    def init_name(self, i: int) -> str:
        """The initialiser layer ``i`` uses, with ``"auto"`` resolved."""
        name = self.inits[i]
        return self._acts[i].default_init if name == "auto" else name

    def init_layer(self, i: int) -> None:
        """Fresh ``W[i]``, ``b[i]`` from ``np.random.default_rng([seed, i])``.

        The generator depends only on the seed and the layer index, so adding a layer
        at the end keeps the earlier layers' initial weights.
        """
        if not 0 <= i < self.n_layers:
            raise IndexError(f"layer {i} out of range for {self.n_layers} weight layers")
        rng = np.random.default_rng([self.seed, i])
        fan_in, fan_out = self.weights[i].shape
        W, b = init_layer(self.init_name(i), fan_in, fan_out, rng, self.init_value)
        self.weights[i][...] = W
        self.biases[i][...] = b

    def set_weights(self, W: Sequence[Array], b: Sequence[Array]) -> None:
        """Copy the given parameters in (shapes must match exactly).

        Parameters
        ----------
        W : sequence of (fan_in, fan_out) arrays
        b : sequence of (fan_out,) arrays
        """
        if len(W) != self.n_layers or len(b) != self.n_layers:
            raise ValueError(
                f"expected {self.n_layers} weight matrices and bias vectors, "
                f"got {len(W)} and {len(b)}"
            )
        new_w = [np.asarray(w, dtype=np.float64) for w in W]
        new_b = [np.asarray(v, dtype=np.float64) for v in b]
        for i in range(self.n_layers):
            if new_w[i].shape != self.weights[i].shape:
                raise ValueError(
                    f"W[{i}] has shape {new_w[i].shape}, expected {self.weights[i].shape}"
                )
            if new_b[i].shape != self.biases[i].shape:
                raise ValueError(
                    f"b[{i}] has shape {new_b[i].shape}, expected {self.biases[i].shape}"
                )
        for i in range(self.n_layers):
            self.weights[i][...] = new_w[i]
            self.biases[i][...] = new_b[i]

    def copy(self) -> Network:
        """An independent network with the same architecture and parameters."""
        net = Network(self.layer_sizes, self.activations, self.seed, self.inits, self.init_value)
        np.copyto(net.params, self.params)
        return net

    def __repr__(self) -> str:
        return (
            f"Network(layer_sizes={self.layer_sizes}, activations={self.activations}, "
            f"seed={self.seed}, n_params={self.n_params})"
        )

    # ------------------------------------------------------------------ forward
    def _check_x(self, X: Array) -> Array:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.layer_sizes[0]:
            raise ValueError(
                f"X must have shape (n, {self.layer_sizes[0]}), got {X.shape}"
            )
        return X

    def forward_all(self, X: Array) -> tuple[list[Array], list[Array]]:
        """Every layer's pre-activation and activation (new arrays).

        Parameters
        ----------
        X : (n, n_inputs) array

        Returns
        -------
        zs : list of (n, size[i + 1]) arrays
            ``zs[i] = acts[i] @ W[i] + b[i]``.
        acts : list of arrays
            ``acts[0]`` is X, ``acts[i + 1] = f_i(zs[i])``; ``acts[-1]`` is the output.
        """
        h = self._check_x(X)
        zs: list[Array] = []
        acts: list[Array] = [h]
        for W, b, act in zip(self.weights, self.biases, self._acts, strict=True):
            # The same operations as compute_gradients, so the numbers agree bit for bit.
            z = np.dot(h, W)
            z += b
            h = act.fn(z)
            zs.append(z)
            acts.append(h)
        return zs, acts

    def forward(self, X: Array) -> Array:
        """The network's output for inputs ``X`` (n, n_inputs) -> (n, n_outputs)."""
        h = self._check_x(X)
        for W, b, act in zip(self.weights, self.biases, self._acts, strict=True):
            z = np.dot(h, W)
            z += b
            h = act.fn(z)
        return h

    # ------------------------------------------------------------------ gradients
    def _buffers(self, n: int) -> _Buffers:
        bufs = self._bufs.get(n)
        if bufs is None:
            if len(self._bufs) >= _MAX_CACHED_BATCH_SIZES:
                self._bufs.pop(next(iter(self._bufs)))
            bufs = self._bufs[n] = _Buffers(self, n)
        return bufs

    def compute_gradients(
        self, X: Array, Y: Array, loss: str | Loss = "mse", l1: float = 0.0, l2: float = 0.0
    ) -> float:
        """Forward and backward pass on one batch; fills :attr:`grad` in place.

        Parameters
        ----------
        X : (n, n_inputs) array
            The batch.
        Y : (n, n_outputs) array
            Targets (binary: a 0/1 column; k classes: one-hot; regression: values).
        loss : str or Loss
            A :data:`~nnsim.core.losses.LOSSES` name (or object) that accepts the
            output activation.
        l1, l2 : float
            Regularisation rates: the penalty ``l1 * sum|W| + l2 * 0.5 * sum W^2`` over
            the weights (not the biases) is added to the loss and its gradient to
            :attr:`grad`.

        Returns
        -------
        float
            Mean data loss over the batch plus the penalty.

        Notes
        -----
        The batch's activations are kept (in buffers reused by the next call with the
        same batch size) for :meth:`layer_stats`.
        """
        X = np.asarray(X, dtype=np.float64)
        Y = np.asarray(Y, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.layer_sizes[0]:
            self._check_x(X)
        n = X.shape[0]
        bufs = self._bufs.get(n) or self._buffers(n)
        out_act = self._acts[-1]
        if loss is not self._loss_key:
            self._set_loss(loss)
        loss_obj = self._loss_obj
        a_out = bufs.a[-1]
        if Y.shape != a_out.shape:
            if Y.ndim == 1 and a_out.shape[1] == 1 and Y.shape[0] == n:
                Y = Y[:, None]
            else:
                raise ValueError(f"Y must have shape {a_out.shape}, got {Y.shape}")

        # np.dot with a C-contiguous out= is the same BLAS product as np.matmul with
        # about half the call overhead on small matrices.
        dot = np.dot
        add = np.add
        h = X
        for W, b, z, a, kernel in bufs.fwd:
            dot(h, W, out=z)
            add(z, b, out=z)
            h = kernel(z, a)

        d = bufs.d[-1]
        value = loss_obj.value_and_delta_into(bufs.z[-1], a_out, Y, out_act, d, bufs.t[-1])

        ones = bufs.ones
        for a_prev_t, gW, gb, d, WT, d_prev, z_prev, a_prev, t_prev, kernel in bufs.bwd:
            dot(a_prev_t, d, out=gW)
            dot(ones, d, out=gb)
            dot(d, WT, out=d_prev)
            if kernel is not None:
                kernel(z_prev, a_prev, d_prev, t_prev)
        d0 = bufs.d[0]
        dot(X.T, d0, out=self.grad_weights[0])
        dot(ones, d0, out=self.grad_biases[0])

        if l1 or l2:
            value += self._regularize(float(l1), float(l2))
        self._last = bufs
        return value

    def _set_loss(self, loss: str | Loss) -> None:
        """Resolve and check the loss once; training passes the same one every step."""
        if isinstance(loss, str):
            if loss not in LOSSES:
                raise ValueError(f"unknown loss {loss!r}; known: {', '.join(LOSSES)}")
            loss_obj = LOSSES[loss]
        elif isinstance(loss, Loss):
            loss_obj = loss
        else:
            raise TypeError(f"loss must be a name or a Loss, got {type(loss).__name__}")
        out = self._acts[-1].name
        if not loss_obj.accepts(out):
            raise ValueError(f"{loss_obj.name} cannot be used with a {out} output")
        self._loss_key = loss
        self._loss_obj = loss_obj

    def _regularize(self, l1: float, l2: float) -> float:
        """Add the weight penalty's gradient to :attr:`grad`; return the penalty."""
        w = self.params[: self._n_w]
        gw = self.grad[: self._n_w]
        t = self._wtmp
        penalty = 0.0
        if l1:
            # sum|W| = sign(W) . W, and l1 sign(W) is the (sub)gradient, 0 at W = 0.
            np.sign(w, out=t)
            penalty += l1 * float(np.vdot(t, w))
            np.multiply(t, l1, out=t)
            np.add(gw, t, out=gw)
        if l2:
            penalty += 0.5 * l2 * float(np.vdot(w, w))
            np.multiply(w, l2, out=t)
            np.add(gw, t, out=gw)
        return penalty

    def loss_and_gradients(
        self, X: Array, Y: Array, loss: str | Loss = "mse", l1: float = 0.0, l2: float = 0.0
    ) -> tuple[float, list[tuple[Array, Array]]]:
        """Like :meth:`compute_gradients`, returning copies of the gradients.

        Returns
        -------
        value : float
            Mean data loss plus the penalty ``l1 * sum|W| + l2 * 0.5 * sum W^2``.
        grads : list of (dW_i (fan_in, fan_out), db_i (fan_out,)) tuples
            New arrays, one pair per weight layer.
        """
        value = self.compute_gradients(X, Y, loss, l1, l2)
        grads = [
            (gW.copy(), gb.copy())
            for gW, gb in zip(self.grad_weights, self.grad_biases, strict=True)
        ]
        return value, grads

    # ------------------------------------------------------------------ statistics
    def layer_stats(self) -> dict[str, Array]:
        """Per-layer health figures of the last :meth:`compute_gradients` batch.

        Returns
        -------
        dict of str to (L,) float64 arrays
            ``"grad_norm"``: ``||dW_i||_2`` (Frobenius norm, including the
            regularisation term); ``"mean_abs_act"``: mean ``|a|`` of layer i's output
            over the batch; ``"dead_frac"``: fraction of the layer's units whose output
            is <= 0 on every sample of the batch (ReLU family only, else NaN);
            ``"sat_frac"``: fraction of the layer's activation values within 0.01 of
            the activation's bounds (sigmoid/tanh only, else NaN).

        Raises
        ------
        RuntimeError
            No gradients were computed yet.
        """
        bufs = self._last
        if bufs is None:
            raise RuntimeError("layer_stats() needs a compute_gradients() call first")
        add = np.add
        gw = self.grad[: self._n_w]
        t = self._wtmp
        np.multiply(gw, gw, out=t)
        grad_norm = np.sqrt(add.reduceat(t, self._w_starts))
        if bufs.n == 0:
            nan = np.full(self.n_layers, np.nan)
            return {"grad_norm": grad_norm, "mean_abs_act": nan, "dead_frac": nan.copy(),
                    "sat_frac": nan.copy()}

        (centre, thresh, sat_scale, dead_scale, mean_scale, col_starts, colmax, tmp, flag,
         colflag) = bufs.stats_arrays(self)
        aflat = bufs.aflat
        starts = bufs.starts
        np.absolute(aflat, out=tmp)
        mean_abs = add.reduceat(tmp, starts)
        np.multiply(mean_abs, mean_scale, out=mean_abs)

        if bufs.any_bounded:
            np.subtract(aflat, centre, out=tmp)
            np.absolute(tmp, out=tmp)
            np.greater_equal(tmp, thresh, out=flag)
            sat = add.reduceat(flag, starts, dtype=np.float64)
            np.multiply(sat, sat_scale, out=sat)
        else:
            sat = np.full(self.n_layers, np.nan)

        if bufs.any_rectifier:
            # A unit is dead when its largest output over the batch is <= 0.
            off = 0
            for a, act in zip(bufs.a, self._acts, strict=True):
                width = a.shape[1]
                if act.rectifier:
                    np.maximum.reduce(a, axis=0, out=colmax[off : off + width])
                off += width
            np.less_equal(colmax, 0.0, out=colflag)
            dead = add.reduceat(colflag, col_starts, dtype=np.float64)
            np.multiply(dead, dead_scale, out=dead)
        else:
            dead = np.full(self.n_layers, np.nan)
        return {"grad_norm": grad_norm, "mean_abs_act": mean_abs, "dead_frac": dead,
                "sat_frac": sat}
