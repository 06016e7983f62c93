"""The network editor: a ``QGraphicsScene`` drawing of the network that edits it by gestures.

Where things live (DESIGN convention 8):

* :mod:`.view` -- :class:`~nnsim.gui.editor.view.NetworkView`, the panel: mouse,
  keys, menus; starts gestures and sends their edit requests out.
* :mod:`.scene` -- :class:`~nnsim.gui.editor.scene.NetworkScene`, the model -> item
  map, rebuilt on an architecture change and restyled by every snapshot.
* :mod:`.layout` -- :func:`~nnsim.gui.editor.layout.compute_layout`, every position,
  as a pure function of the architecture and the viewport.
* :mod:`.styling` -- per-frame colour rules (link pens, thumbnail ranges and pixels).
* :mod:`.items` -- the graphics items, one module per kind (units, links, headers,
  controls) and the theme's :class:`~nnsim.gui.editor.items.Ink`.
* :mod:`.palette` -- the chips to drag in and the trash zone.
* :mod:`.interactions` -- one object per gesture (start / update / finish / cancel);
  :mod:`.feedback` draws what a gesture will do, :mod:`.edit_request` is what it asks.
* :mod:`.commands` -- the undo command an edit request becomes.
* :mod:`.overlay` -- the teaching views' numbers and highlights on the neurons.
"""
