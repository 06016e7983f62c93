"""Names of the panel controls a lesson may hide (pure data, no Qt).

An experiment lists the controls it hides in ``Experiment.hidden_controls``; the file
is validated against :data:`CONTROLS`, so a misspelt name in a lesson is refused with
the field named instead of silently hiding nothing. The registry lives in ``core``
because the experiment document (also ``core``) validates against it; the GUI reads
it through :mod:`nnsim.model.controls`.
"""

from __future__ import annotations

from nnsim.core.messages import QT_TRANSLATE_NOOP

#: Control name -> its menu text, in panel order. A name is "<panel>.<row>"; each one
#: is one row of the data or hyper-parameter panel (label and widgets together). The
#: texts are translatable Messages: the GUI shows them with ``localize``.
CONTROLS: dict[str, str] = {
    "data.dataset": QT_TRANSLATE_NOOP("Controls", "Data set"),
    "data.noise": QT_TRANSLATE_NOOP("Controls", "Noise"),
    "data.train_fraction": QT_TRANSLATE_NOOP("Controls", "Training share"),
    "data.n_samples": QT_TRANSLATE_NOOP("Controls", "Samples"),
    "data.n_classes": QT_TRANSLATE_NOOP("Controls", "Classes"),
    "data.seed": QT_TRANSLATE_NOOP("Controls", "Data seed"),
    "data.features": QT_TRANSLATE_NOOP("Controls", "Input features"),
    "hyper.learning_rate": QT_TRANSLATE_NOOP("Controls", "Learning rate"),
    "hyper.activation": QT_TRANSLATE_NOOP("Controls", "Activation"),
    "hyper.layers": QT_TRANSLATE_NOOP("Controls", "Hidden layers"),
    "hyper.width": QT_TRANSLATE_NOOP("Controls", "Neurons"),
    "hyper.output": QT_TRANSLATE_NOOP("Controls", "Output"),
    "hyper.loss": QT_TRANSLATE_NOOP("Controls", "Loss"),
    "hyper.optimizer": QT_TRANSLATE_NOOP("Controls", "Optimizer"),
    "hyper.regularization": QT_TRANSLATE_NOOP("Controls", "Regularisation"),
    "hyper.batch_size": QT_TRANSLATE_NOOP("Controls", "Batch size"),
    "hyper.seed": QT_TRANSLATE_NOOP("Controls", "Weight seed"),
    "hyper.stop": QT_TRANSLATE_NOOP("Controls", "Stop"),
}
