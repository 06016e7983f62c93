"""Korean and English user interface, switchable while the app runs.

Translations are Qt Linguist ``.ts`` files under ``resources/i18n`` (``nnsim_ko.ts``).
They are read at run time by :class:`TsTranslator`, a :class:`QTranslator` that parses
the XML itself, so neither ``lrelease`` nor compiled ``.qm`` files are needed to build
or install nnsim. The translator is installed with
:meth:`QCoreApplication.installTranslator`, which sends every widget a
``QEvent.LanguageChange``; the main window answers it with ``retranslate_ui()``.

English is the source language: the texts written in the code are the English UI, and
switching back to English removes the translator, so the English texts come back
exactly as written.

Rather than a hand-kept list of ``setText(tr(...))`` calls that goes stale whenever
someone adds an action, :func:`retranslate_tree` walks a window's actions, menus,
docks, tool bars, labels and buttons, remembers each one's English source text (as a
dynamic property) and shows its translation. A text that the code changed since the
last pass (the Play action becoming "Pause") is taken as the new source; code that
changes a text while the UI is in Korean calls :func:`set_text`, so the source stays
English.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QAbstractButton,
    QDockWidget,
    QGroupBox,
    QLabel,
    QMenu,
    QToolBar,
    QWidget,
)

from nnsim.resources import resource

__all__ = [
    "CONTEXT",
    "LANGUAGES",
    "LanguageSwitcher",
    "TsTranslator",
    "current_language",
    "install_language",
    "load_messages",
    "parse_ts",
    "retranslate_tree",
    "set_text",
    "tr",
]

#: UI languages, code -> name (each name in its own language, as language menus do).
LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}
#: The one translation context of the window's texts.
CONTEXT = "MainWindow"


def parse_ts(text: str | bytes) -> dict[tuple[str, str], str]:
    """The finished translations of a Qt Linguist ``.ts`` document.

    Parameters
    ----------
    text : str or bytes
        The XML of the ``.ts`` file.

    Returns
    -------
    dict (context, source) -> translation
        Unfinished, obsolete and empty translations are left out, as ``lrelease``
        leaves them out of a ``.qm`` file, so the English text shows instead.

    Raises
    ------
    ValueError
        If the text is not a ``.ts`` document.
    """
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ValueError(f"not a Qt translation file: {exc}") from None
    if root.tag != "TS":
        raise ValueError(f"not a Qt translation file: root element is <{root.tag}>")
    out: dict[tuple[str, str], str] = {}
    for context in root.iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            source = message.findtext("source")
            node = message.find("translation")
            if source is None or node is None:
                continue
            kind = node.get("type", "")
            translation = node.text or ""
            if kind in ("unfinished", "obsolete", "vanished") or not translation:
                continue
            out[(name, source)] = translation
    return out


def load_messages(lang: str) -> dict[tuple[str, str], str]:
    """The shipped translations into ``lang`` (empty for English, the source language).

    Raises
    ------
    KeyError
        For a language nnsim does not ship.
    """
    if lang not in LANGUAGES:
        raise KeyError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    if lang == "en":
        return {}
    return parse_ts(resource("i18n", f"nnsim_{lang}.ts").read_bytes())


class TsTranslator(QTranslator):
    """A translator fed by a parsed ``.ts`` file instead of a compiled ``.qm``.

    Parameters
    ----------
    lang : str
        The language code ("ko").
    messages : dict (context, source) -> translation
        As :func:`parse_ts` returns it.
    parent : QObject, optional
    """

    def __init__(
        self, lang: str, messages: dict[tuple[str, str], str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self.messages = dict(messages)

    def translate(  # noqa: D102  (Qt override)
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None (a null QString) tells Qt "not mine": it then asks the next translator
        # or keeps the source text. An empty string would blank Qt's own texts.
        return self.messages.get((context, source_text))

    def isEmpty(self) -> bool:  # noqa: D102, N802  (Qt override)
        return not self.messages

    def language(self) -> str:  # noqa: D102  (Qt override)
        return self.lang


def _installed() -> TsTranslator | None:
    app = QCoreApplication.instance()
    if app is None:
        return None
    return app.findChild(TsTranslator, "nnsim_translator")


def current_language() -> str:
    """The language the UI shows now ("en" when no nnsim translator is installed)."""
    t = _installed()
    return t.lang if t is not None else "en"


def install_language(lang: str) -> bool:
    """Show the UI in ``lang`` from now on; returns whether the language changed.

    The translator lives as a child of the application (found again by name), so there
    is one per process whichever window asks. Installing or removing it makes Qt send
    ``LanguageChange`` to every widget.

    Raises
    ------
    KeyError
        For a language nnsim does not ship.
    RuntimeError
        Without a QApplication.
    """
    messages = load_messages(lang)
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    old = _installed()
    if (old.lang if old is not None else "en") == lang:
        return False
    if old is not None:
        QCoreApplication.removeTranslator(old)
        old.setParent(None)
        old.deleteLater()
    if lang != "en":
        translator = TsTranslator(lang, messages, app)
        translator.setObjectName("nnsim_translator")
        QCoreApplication.installTranslator(translator)
    return True


def tr(text: str) -> str:
    """``text`` in the UI language (unchanged when there is no translation)."""
    return QCoreApplication.translate(CONTEXT, text)


def _track(obj: QObject, key: str, current: str, setter: Callable[[str], None]) -> None:
    """Show the translation of ``obj``'s source text for ``key`` (see the module doc)."""
    src_key, shown_key = f"_i18n_{key}_src", f"_i18n_{key}_shown"
    source = obj.property(src_key)
    if source is None or current != obj.property(shown_key):
        source = current  # first pass, or the code changed the text since the last one
    shown = tr(source) if source else source
    obj.setProperty(src_key, source)
    obj.setProperty(shown_key, shown)
    if shown != current:
        setter(shown)


def set_text(action: QAction, text: str) -> None:
    """Set an action's English ``text`` and show it in the UI language.

    For texts that code changes at run time (Play/Pause), so the action's remembered
    source text stays English while the UI shows Korean.
    """
    shown = tr(text)
    action.setProperty("_i18n_text_src", text)
    action.setProperty("_i18n_text_shown", shown)
    action.setText(shown)


def _retranslate_action(action: QAction) -> None:
    if action.isSeparator() or action.menu() is not None:
        return  # a menu's own action is handled with the menu
    _track(action, "text", action.text(), action.setText)
    tip = action.toolTip()
    if tip and tip != action.text().replace("&", ""):  # only explicit tool tips
        _track(action, "tip", tip, action.setToolTip)
    if action.statusTip():
        _track(action, "status", action.statusTip(), action.setStatusTip)


def retranslate_tree(root: QWidget) -> None:
    """Show every known text of ``root`` and its children in the UI language.

    Covers actions (text, tool tip, status tip), menu titles, dock and tool bar
    titles, labels, buttons and group boxes. Texts without a translation keep their
    English source.
    """
    actions = {id(a): a for a in root.findChildren(QAction)}
    actions.update({id(a): a for a in root.actions()})
    for widget in root.findChildren(QWidget):
        for a in widget.actions():
            actions.setdefault(id(a), a)
    for group in root.findChildren(QActionGroup):
        for a in group.actions():
            actions.setdefault(id(a), a)
    for action in actions.values():
        _retranslate_action(action)
    for menu in root.findChildren(QMenu):
        _track(menu, "title", menu.title(), menu.setTitle)
    for dock in root.findChildren(QDockWidget):
        _track(dock, "title", dock.windowTitle(), dock.setWindowTitle)
    for bar in root.findChildren(QToolBar):
        _track(bar, "title", bar.windowTitle(), bar.setWindowTitle)
    for label in root.findChildren(QLabel):
        # Labels that show content (a lesson caption) rather than UI text opt out.
        if label.text() and not label.property("_i18n_skip"):
            _track(label, "text", label.text(), label.setText)
    for button in root.findChildren(QAbstractButton):
        if button.text():
            _track(button, "text", button.text(), button.setText)
        if button.toolTip():
            _track(button, "tip", button.toolTip(), button.setToolTip)
    for box in root.findChildren(QGroupBox):
        if box.title():
            _track(box, "title", box.title(), box.setTitle)
    for widget in root.findChildren(QWidget):
        if widget.toolTip() and not isinstance(widget, QAbstractButton):
            _track(widget, "tip", widget.toolTip(), widget.setToolTip)


class LanguageSwitcher(QObject):
    """View > Language: one checkable action per language.

    Parameters
    ----------
    menu : QMenu
        The menu to fill (the window's View > Language submenu).

    Signals
    -------
    language_changed(str)
        After the translator was swapped ("en" or "ko").
    """

    language_changed = Signal(str)

    def __init__(self, menu: QMenu) -> None:
        super().__init__(menu)
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            # Each language is named in itself, so nobody is stuck in a language they
            # cannot read; these names are therefore never translated.
            action = QAction(name, menu)
            action.setCheckable(True)
            action.setData(code)
            action.triggered.connect(lambda _on=False, c=code: self.set_language(c))
            self.group.addAction(action)
            menu.addAction(action)
            self.actions[code] = action
        self._sync()

    @property
    def language(self) -> str:
        """The language the UI shows."""
        return current_language()

    def set_language(self, lang: str) -> None:
        """Switch the whole application's UI to ``lang`` ("en" or "ko")."""
        changed = install_language(lang)
        self._sync()
        if changed:
            self.language_changed.emit(lang)

    def _sync(self) -> None:
        lang = current_language()
        for code, action in self.actions.items():
            action.setChecked(code == lang)
