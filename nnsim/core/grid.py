"""Preallocated evaluation of a network over many points: the snapshot's rasters and
the history's full-set losses.

:func:`grid_points` lays out the raw inputs of the decision-boundary and thumbnail
rasters (the GUI uses it for its mesh too). :class:`GridPlan` evaluates a network
over those grids and :class:`LossPlan` over the stacked training and test sets; both
run transposed (units x points) with the bias riding in each product and every
buffer allocated once, because the worker calls them many times a second. Their
numbers agree with :meth:`~nnsim.core.network.Network.forward` to rounding (with
NumPy's bundled OpenBLAS, to the bit).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from nnsim.core.activations import OUTPUT_ACTIVATIONS, Activation, ForwardInto, forward_kernel
from nnsim.core.features import feature_matrix
from nnsim.core.losses import Loss
from nnsim.core.network import Network

__all__ = ["GridCache", "GridPlan", "LossPlan", "grid_axis", "grid_points"]


def grid_axis(lo: float, hi: float, n: int) -> np.ndarray:
    """Cell-centre coordinates of ``n`` equal cells covering ``[lo, hi]``, shape (n,).

    Sampling at cell centres means an image of the values stretched over exactly the
    extent rectangle puts every pixel over the point it was computed at.
    """
    return lo + (np.arange(n) + 0.5) * ((hi - lo) / n)


def grid_points(extent: Sequence[float], n: int, dims: int) -> np.ndarray:
    """Raw input points of the snapshot rasters.

    Parameters
    ----------
    extent : (xmin, xmax, ymin, ymax)
    n : int
        Cells per axis.
    dims : int
        2: returns (n*n, 2), row-major over [iy, ix] (y from ymin, x fastest), so
        ``values.reshape(n, n)`` is indexed ``[iy, ix]``. 1: returns (n, 1) along x.
    """
    xs = grid_axis(extent[0], extent[1], n)
    if dims == 1:
        return xs[:, None]
    ys = grid_axis(extent[2], extent[3], n)
    gx, gy = np.meshgrid(xs, ys)  # "xy" indexing: shape (n_y, n_x)
    return np.column_stack([gx.ravel(), gy.ravel()])


class _OutputStage:
    """The output layer of :class:`GridPlan` and :class:`LossPlan`, buffers included.

    The hidden layers run transposed (units x points); the output activation runs in
    row layout (N, k), as in ``Network.forward``, so a softmax normalises each point's
    k values exactly as it does there (and the loss reads the rows it expects).

    Parameters
    ----------
    mat : (k * (fan_in + 1),) float64 view
        The plan's slice of gathered parameters that holds ``[W^T | b]``.
    fans : (int, int)
        (fan_in, k) of the output layer.
    n : int
        Points per run.
    activation : Activation
        The output activation.
    """

    def __init__(
        self, mat: np.ndarray, fans: tuple[int, int], n: int, activation: Activation
    ) -> None:
        fan_in, k = fans
        self._mat = mat.reshape(k, fan_in + 1)
        self._z = np.empty((k, n))
        self._transpose = k > 1
        self._zt = np.empty((n, k)) if k > 1 else self._z.reshape(n, 1)
        self._a = np.empty((n, k))
        self._kernel = forward_kernel(activation)

    def run(self, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(z, a) in row layout (N, k) for the last hidden block ``h`` ([a; 1])."""
        np.dot(self._mat, h, out=self._z)
        if self._transpose:
            np.copyto(self._zt, self._z.T)
        return self._zt, self._kernel(self._zt, self._a)


class GridPlan:
    """Preallocated evaluation of one network on the snapshot's two grids.

    The snapshot needs the output over the boundary grid and every unit's activation
    over the thumbnail grid. Both grids are stacked into one batch of N points, so a
    layer costs one BLAS product and one activation call for both, and the work runs
    transposed (units x points) because the layers are only a few units wide:

    * a unit's thumbnail is then a contiguous slice of its row: no transpose;
    * the bias rides in the product: every activation block carries a last row of
      ones and the layer's matrix a last column ``b``, so ``[W^T | b] @ [h; 1]`` adds
      the bias as the last term of the sum that ``h @ W + b`` computes. (In row
      layout, broadcasting a (w,) bias over (N, w) runs an inner loop of length w and
      costs about half as much as the tanh.)

    The numbers agree with :meth:`Network.forward` to rounding; with NumPy's bundled
    OpenBLAS they are the same bits.

    All buffers are allocated once per (network, grids) -- one block per layer, about
    0.1 MB per unit at the GUI's grid sizes: fresh megabyte arrays on every call cost
    page faults that triple the time of the products. The parameters are read on
    every :meth:`run`, which hands out only new arrays, plus :attr:`input_grids`
    (read-only; the plan never writes it again). Like the trainer, a plan is used by
    one thread at a time.

    Parameters
    ----------
    net : Network
    boundary_inputs, thumb_inputs : (n_b, n_in) and (n_t, n_in) float64 arrays
        Feature matrices of the boundary and thumbnail grid points (kept: the trainer
        checks by identity that they are still its current ones).
    boundary_shape, thumb_shape : tuple of int
        Raster shapes: ``(G, G)`` and ``(T, T)``, or ``(G,)`` and ``(T,)`` for 1-D data.
    """

    def __init__(
        self,
        net: Network,
        boundary_inputs: np.ndarray,
        thumb_inputs: np.ndarray,
        boundary_shape: tuple[int, ...],
        thumb_shape: tuple[int, ...],
    ) -> None:
        self.net = net
        self.boundary_inputs = boundary_inputs
        self.thumb_inputs = thumb_inputs
        self._bshape = boundary_shape
        self._tshape = thumb_shape
        sizes = [int(s) for s in net.layer_sizes]
        fans = list(zip(sizes[:-1], sizes[1:], strict=True))
        nb = boundary_inputs.shape[0]
        n = nb + thumb_inputs.shape[0]
        self._nb = nb
        self._rows = np.arange(nb)

        x = np.empty((sizes[0] + 1, n))
        x[:-1, :nb] = boundary_inputs.T
        x[:-1, nb:] = thumb_inputs.T
        x[-1] = 1.0
        self._x = x
        grids = np.ascontiguousarray(thumb_inputs.T, dtype=np.float32)
        self.input_grids = grids.reshape(sizes[0], *thumb_shape)
        self.input_grids.setflags(write=False)

        # One gather from params then fills every layer's [W^T | b].
        self._index = _gather_index(net)
        mats = np.empty(self._index.size)
        self._mats = mats

        acts = [OUTPUT_ACTIVATIONS[name] for name in net.activations]
        # Hidden layers: ([W^T | b], z, activation rows, activation block with the
        # row of ones, kernel). z is scratch shared by all layers (each activation
        # consumes it at once), except that a linear layer's z is its activation.
        self._hidden: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, ForwardInto]] = []
        scratch = np.empty(max(sizes[1:-1], default=0) * n)
        off = 0
        for (fan_in, fan_out), act in zip(fans[:-1], acts[:-1], strict=True):
            mat = mats[off : off + fan_out * (fan_in + 1)].reshape(fan_out, fan_in + 1)
            off += mat.size
            block = np.empty((fan_out + 1, n))
            block[-1] = 1.0
            a = block[:-1]
            z = a if act.name == "linear" else scratch[: fan_out * n].reshape(fan_out, n)
            self._hidden.append((mat, z, a, block, forward_kernel(act)))
        self._output = _OutputStage(mats[off:], fans[-1], n, acts[-1])

    def run(self) -> tuple[np.ndarray, np.ndarray | None, list[np.ndarray]]:
        """Evaluate the network with its current parameters.

        Returns
        -------
        boundary : float32 array of the boundary shape
            The output (k = 1) or the winning class's output (k > 1).
        boundary_class : int8 array of the boundary shape, or None when k = 1
        neuron_grids : list of float32 arrays (n_units, *thumb_shape)
            One per column of the network: inputs, hidden layers, output.
        """
        np.take(self.net.params, self._index, out=self._mats)
        nb, tshape = self._nb, self._tshape
        dot = np.dot
        grids = [self.input_grids]
        h = self._x
        for mat, z, a, block, kernel in self._hidden:
            dot(mat, h, out=z)
            r = kernel(z, a)
            if r is not a:  # an identity kernel returns z (only linear, whose z is a)
                np.copyto(a, r)
            grids.append(_frozen_f32(a[:, nb:], tshape))
            h = block
        _, out = self._output.run(h)
        grids.append(_frozen_f32(out[nb:].T, tshape))

        out_b = out[:nb]
        boundary_class = None
        if out.shape[1] > 1:
            cls = np.argmax(out_b, axis=1)
            best = out_b[self._rows, cls]
            boundary_class = cls.astype(np.int8).reshape(self._bshape)
            boundary_class.setflags(write=False)
        else:
            best = out_b[:, 0]
        boundary = best.astype(np.float32).reshape(self._bshape)
        boundary.setflags(write=False)
        return boundary, boundary_class, grids


class GridCache:
    """The grid inputs and the :class:`GridPlan` of one trainer's snapshots.

    The feature matrices of the grid points are kept per (cells, extent, features)
    until :meth:`clear`, and the plan until the network object or those matrices
    change (it checks them by identity), so a stream of snapshots allocates nothing
    new but the arrays it hands out.
    """

    def __init__(self) -> None:
        self._inputs: dict[tuple, np.ndarray] = {}
        self._plan: GridPlan | None = None

    def clear(self) -> None:
        """Forget the grid inputs: the data or the input features changed."""
        self._inputs = {}

    def inputs(
        self, n: int, extent: Sequence[float], dims: int, features: tuple[str, ...]
    ) -> np.ndarray:
        """Feature matrix (n**dims, n_features) of :func:`grid_points` over ``extent``."""
        key = (n, dims, tuple(extent), features)
        fm = self._inputs.get(key)
        if fm is None:
            pts = grid_points(extent, n, dims)
            fm = feature_matrix(pts, features)
            fm = np.ascontiguousarray(fm, dtype=np.float64)
            self._inputs[key] = fm
        return fm

    def plan(
        self,
        net: Network,
        extent: Sequence[float],
        dims: int,
        features: tuple[str, ...],
        grid: int,
        thumb: int,
    ) -> GridPlan:
        """The evaluation plan of ``net`` for these grid sizes (see :class:`GridPlan`)."""
        fb = self.inputs(grid, extent, dims, features)
        ft = self.inputs(thumb, extent, dims, features)
        plan = self._plan
        if (
            plan is None
            or plan.net is not net
            or plan.boundary_inputs is not fb
            or plan.thumb_inputs is not ft
        ):
            two_d = dims == 2
            plan = GridPlan(
                net,
                fb,
                ft,
                (grid, grid) if two_d else (grid,),
                (thumb, thumb) if two_d else (thumb,),
            )
            self._plan = plan
        return plan


def _frozen_f32(rows: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """A new read-only float32 copy of ``rows`` (units, points) as (units, *shape)."""
    g = np.ascontiguousarray(rows, dtype=np.float32).reshape(rows.shape[0], *shape)
    g.setflags(write=False)
    return g


class LossPlan:
    """Preallocated full-set losses of one network on the stacked training and test sets.

    A history record needs only the two losses, not the accuracy that
    :meth:`~nnsim.core.trainer.Trainer.evaluate` adds, and it is taken thousands of
    times a run, so it runs the way :class:`GridPlan` does: transposed (units x
    samples), the bias riding in each product as a last column of the layer matrix
    against a row of ones, every buffer allocated once. The losses are the same bits
    as ``evaluate()``'s with NumPy's bundled OpenBLAS (the products sum the same terms
    in the same order); measured on the 2-core CI machine it takes 64 % of
    ``evaluate()``'s time on the default network and 72 % on 6x8 tanh.

    Unlike the grid plan, which hands out every layer's activations, this one needs
    only the last: the hidden layers take turns in two blocks, so the buffers a record
    touches stay few (cache misses after the training steps between two records cost
    about a tenth of a record on 6x8 with one block per layer).

    Parameters
    ----------
    net : Network
    inputs : (n, n_in) float64 array
        The training set's feature rows followed by the test set's (kept: the trainer
        checks by identity that they are still its current ones).
    n_train : int
        Rows of ``inputs`` that are the training set.
    y_train, y_test : (n_train, k) and (n - n_train, k) float64 arrays
        Loss targets.
    loss : Loss
    """

    def __init__(
        self,
        net: Network,
        inputs: np.ndarray,
        n_train: int,
        y_train: np.ndarray,
        y_test: np.ndarray,
        loss: Loss,
    ) -> None:
        self.net = net
        self.inputs = inputs
        self.loss = loss
        self._n_train = n_train
        self._y_train = y_train
        self._y_test = y_test
        self._has_test = y_test.shape[0] > 0
        sizes = [int(s) for s in net.layer_sizes]
        fans = list(zip(sizes[:-1], sizes[1:], strict=True))
        n = inputs.shape[0]
        x = np.empty((sizes[0] + 1, n))
        x[:-1] = inputs.T
        x[-1] = 1.0
        self._x = x
        self._index = _gather_index(net)
        mats = np.empty(self._index.size)
        self._mats = mats
        acts = [OUTPUT_ACTIVATIONS[name] for name in net.activations]
        # As in GridPlan: z is scratch shared by the hidden layers (a kernel need not
        # work in place), except that a linear layer's z is its activation. Layer i
        # writes [a; 1] into turn i % 2; its row of ones must be written again on each
        # run only if a wider layer of the same turn overwrites it.
        widths = sizes[1:-1]
        rows = max(widths, default=0) + 1
        turns = (np.empty(rows * n), np.empty(rows * n))
        scratch = np.empty((rows - 1) * n)
        self._hidden: list[
            tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, ForwardInto, bool]
        ] = []
        off = 0
        for i, ((fan_in, fan_out), act) in enumerate(zip(fans[:-1], acts[:-1], strict=True)):
            mat = mats[off : off + fan_out * (fan_in + 1)].reshape(fan_out, fan_in + 1)
            off += mat.size
            block = turns[i % 2][: (fan_out + 1) * n].reshape(fan_out + 1, n)
            block[-1] = 1.0
            a = block[:-1]
            z = a if act.name == "linear" else scratch[: fan_out * n].reshape(fan_out, n)
            refill = any(w > fan_out for w in widths[i % 2 :: 2])
            self._hidden.append((mat, z, a, block, forward_kernel(act), refill))
        self._output = _OutputStage(mats[off:], fans[-1], n, acts[-1])

    def run(self) -> tuple[float, float]:
        """(train loss, test loss) of the network's current parameters (test: NaN if empty)."""
        np.take(self.net.params, self._index, out=self._mats)
        dot = np.dot
        h = self._x
        for mat, z, a, block, kernel, refill in self._hidden:
            if refill:
                block[-1] = 1.0
            dot(mat, h, out=z)
            r = kernel(z, a)
            if r is not a:  # an identity kernel returns z (only linear, whose z is a)
                np.copyto(a, r)
            h = block
        zt, a = self._output.run(h)
        ntr = self._n_train
        value = self.loss.value
        train = value(zt[:ntr], a[:ntr], self._y_train)
        test = value(zt[ntr:], a[ntr:], self._y_test) if self._has_test else math.nan
        return train, test


def _gather_index(net: Network) -> np.ndarray:
    """Positions in ``net.params`` that, gathered in order, fill every layer's ``[W^T | b]``.

    The network's own layout applied to the positions 0..n_params-1 says where each
    entry lies, so one ``np.take`` per evaluation refreshes all transposed layer matrices.
    """
    w_pos, b_pos = net.param_views(np.arange(net.n_params, dtype=np.intp))
    return np.concatenate(
        [np.hstack([w.T, b[:, None]]).ravel() for w, b in zip(w_pos, b_pos, strict=True)]
    )

