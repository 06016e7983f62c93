"""Names of the panel controls a lesson may hide (pure data, no Qt).

An experiment lists the controls it hides in ``Experiment.hidden_controls``; the file
is validated against :data:`CONTROLS`, so a misspelt name in a lesson is refused with
the field named instead of silently hiding nothing. The registry lives in ``core``
because the experiment document (also ``core``) validates against it; the GUI reads
it through :mod:`nnsim.model.controls`.
"""

from __future__ import annotations

#: Control name -> its menu text, in panel order. A name is "<panel>.<row>"; each one
#: is one row of the data or hyper-parameter panel (label and widgets together).
CONTROLS: dict[str, str] = {
    "data.dataset": "Data set",
    "data.noise": "Noise",
    "data.train_fraction": "Training share",
    "data.n_samples": "Samples",
    "data.n_classes": "Classes",
    "data.seed": "Data seed",
    "data.features": "Input features",
    "hyper.learning_rate": "Learning rate",
    "hyper.activation": "Activation",
    "hyper.layers": "Hidden layers",
    "hyper.width": "Neurons",
    "hyper.output": "Output",
    "hyper.loss": "Loss",
    "hyper.optimizer": "Optimizer",
    "hyper.regularization": "Regularisation",
    "hyper.batch_size": "Batch size",
    "hyper.seed": "Weight seed",
    "hyper.stop": "Stop",
}
