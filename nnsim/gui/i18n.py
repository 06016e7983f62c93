"""Korean and English user interface, through Qt's own translation machinery.

* **Marking.** Every user-visible text is marked where it is written: ``self.tr("…")``
  in a QObject subclass (the class name is the context), ``QCoreApplication.translate(
  "Context", "…")`` elsewhere, and ``QT_TRANSLATE_NOOP("Context", "…")`` for texts
  defined ahead of use (tables, the core's messages: :mod:`nnsim.core.messages`).
  Texts with values are templates filled in after translation (``.format(n=…)``), so a
  translator can move the values.
* **Catalogue.** ``pyside6-lupdate`` keeps ``resources/i18n/nnsim_ko.ts`` in sync with
  the code (:data:`LUPDATE_ARGS`; a test fails when it would add an entry or leave one
  unfinished). Qt Linguist edits it.
* **Compiling.** The first start in a language compiles the ``.ts`` with PySide6's
  ``lrelease`` into a ``.qm`` in the user's cache folder, named by a hash of the
  ``.ts``; later starts load it straight away (:func:`catalogue`).
* **Loading.** A plain :class:`QTranslator` loads it, next to Qt's own ``qtbase_ko.qm``
  (shipped inside PySide6) for the file dialogs and message boxes.
* **Switching.** Installing or removing translators makes Qt send ``LanguageChange``
  to every widget; each widget re-translates itself (:class:`Retranslating`), and
  objects that are not widgets listen to :func:`notifier`.

English is the source language: the texts written in the code are the English UI.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QStandardPaths,
    QTranslator,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from nnsim.core.messages import localize as _localize
from nnsim.resources import resource

__all__ = [
    "LANGUAGES",
    "LUPDATE_ARGS",
    "LanguageNotifier",
    "LanguageSwitcher",
    "Retranslating",
    "TranslationUnavailable",
    "catalogue",
    "current_language",
    "install_language",
    "localize",
    "lrelease_path",
    "lupdate_path",
    "notifier",
    "strip_mnemonic",
    "translate",
]

#: UI languages, code -> name (each name in its own language, as language menus do).
LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}
#: The locale each language formats numbers and Qt's dialogs with.
_LOCALES: dict[str, QLocale.Language] = {
    "en": QLocale.Language.English,
    "ko": QLocale.Language.Korean,
}
#: ``pyside6-lupdate`` arguments that refresh the catalogues from the code (run from the
#: repository root): every ``.py`` under ``nnsim/``, no line numbers (stable diffs),
#: entries that left the code dropped.
LUPDATE_ARGS: tuple[str, ...] = ("-extensions", "py", "-locations", "none", "-no-obsolete")


class TranslationUnavailable(RuntimeError):
    """A language's catalogue could not be compiled or loaded (the UI stays as it was)."""


def _tool(name: str) -> Path:
    """PySide6's bundled Qt tool ``name`` (``lrelease``, ``lupdate``)."""
    import PySide6

    folder = Path(PySide6.__file__).resolve().parent
    exe = name + (".exe" if sys.platform == "win32" else "")
    for candidate in (folder / exe, folder / "Qt" / "bin" / exe, folder / "Qt" / "libexec" / exe):
        if candidate.is_file():
            return candidate
    found = shutil.which(f"pyside6-{name}")
    if found:
        return Path(found)
    raise TranslationUnavailable(f"Qt's {name} was not found beside PySide6 ({folder})")


def lrelease_path() -> Path:
    """PySide6's ``lrelease`` (compiles ``.ts`` into ``.qm``)."""
    return _tool("lrelease")


def lupdate_path() -> Path:
    """PySide6's ``lupdate`` (extracts marked texts into ``.ts``)."""
    return _tool("lupdate")


def _cache_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericCacheLocation)
    return Path(base or tempfile.gettempdir()) / "nnsim" / "i18n"


def catalogue(lang: str, cache: Path | None = None) -> Path:
    """The compiled ``.qm`` catalogue of ``lang``, compiled now if it is not cached yet.

    Parameters
    ----------
    lang : str
        A language code of :data:`LANGUAGES` other than the source language "en".
    cache : Path, optional
        Where compiled catalogues live (the user's cache folder by default; a fresh
        temporary folder when that one cannot be written).

    Raises
    ------
    KeyError
        For a language nnsim does not ship.
    TranslationUnavailable
        If ``lrelease`` is missing or fails.
    """
    if lang not in LANGUAGES or lang == "en":
        raise KeyError(f"no catalogue for language {lang!r}")
    source = resource("i18n", f"nnsim_{lang}.ts").read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    fallback = Path(tempfile.gettempdir()) / f"nnsim-i18n-{os.getpid()}"
    for folder in (cache or _cache_dir(), fallback):
        qm = folder / f"nnsim_{lang}-{digest}.qm"
        if qm.is_file() and qm.stat().st_size > 0:
            return qm
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _compile(source, qm)
        except OSError:
            continue  # a read-only cache: try the next folder
        return qm
    raise TranslationUnavailable("no writable folder for the compiled translations")


def _compile(source: bytes, qm: Path) -> None:
    """Compile ``.ts`` bytes into ``qm`` with ``lrelease`` (atomically: tmp, then rename)."""
    lrelease = lrelease_path()
    with tempfile.TemporaryDirectory(dir=qm.parent) as tmp:
        ts = Path(tmp) / "catalogue.ts"
        ts.write_bytes(source)
        out = Path(tmp) / "catalogue.qm"
        try:
            done = subprocess.run(
                [str(lrelease), "-silent", str(ts), "-qm", str(out)],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise TranslationUnavailable(f"lrelease could not run: {exc}") from None
        if done.returncode != 0 or not out.is_file():
            raise TranslationUnavailable(f"lrelease failed: {done.stderr.strip()[:300]}")
        os.replace(out, qm)


class LanguageNotifier(QObject):
    """Tells objects that are not widgets (menus' owners, controllers) about a switch.

    Widgets get Qt's ``LanguageChange`` event instead (:class:`Retranslating`).

    Signals
    -------
    language_changed(str)
        After the translators were swapped ("en" or "ko").
    """

    language_changed = Signal(str)


def _app() -> QCoreApplication:
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("nnsim's translations need a QApplication")
    return app


# The language, like Qt's translators, belongs to the process: it is kept on the
# application object (a property and named children), not in module globals.
_LANGUAGE_PROPERTY = "nnsim_language"
_TRANSLATOR_NAME = "nnsim_translator"


def notifier() -> LanguageNotifier:
    """The application's one :class:`LanguageNotifier`."""
    app = _app()
    found = app.findChild(LanguageNotifier)
    if found is None:
        found = LanguageNotifier(app)
    return found


def current_language() -> str:
    """The language the UI shows now ("en" or "ko")."""
    app = QCoreApplication.instance()
    lang = app.property(_LANGUAGE_PROPERTY) if app is not None else None
    return str(lang) if lang else "en"


def install_language(lang: str) -> bool:
    """Show the UI in ``lang`` from now on; returns whether the language changed.

    Loads nnsim's catalogue and Qt's own (``qtbase_<lang>.qm``) into two
    :class:`QTranslator` objects and installs them, which makes Qt send
    ``LanguageChange`` to every widget; English removes them. The default
    :class:`QLocale` follows, so numbers and Qt's dialogs match the language.

    Raises
    ------
    KeyError
        For a language nnsim does not ship.
    RuntimeError
        Without a QCoreApplication.
    TranslationUnavailable
        If the catalogue cannot be compiled or loaded (nothing changes then).
    """
    if lang not in LANGUAGES:
        raise KeyError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    app = _app()
    if lang == current_language():
        return False
    new: list[QTranslator] = []
    if lang != "en":
        ours = QTranslator(app)
        qm = catalogue(lang)
        if not ours.load(str(qm)):
            ours.deleteLater()
            raise TranslationUnavailable(f"Qt could not load {qm}")
        new.append(ours)
        qt = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(QLocale(_LOCALES[lang]), "qtbase", "_", folder):
            new.append(qt)  # without it Qt's dialogs stay English, nothing worse
        else:
            qt.deleteLater()
    for old in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        QCoreApplication.removeTranslator(old)
        old.setParent(None)
        old.deleteLater()
    for t in new:
        t.setObjectName(_TRANSLATOR_NAME)
        QCoreApplication.installTranslator(t)
    app.setProperty(_LANGUAGE_PROPERTY, lang)
    QLocale.setDefault(QLocale(_LOCALES[lang]))
    notifier().language_changed.emit(lang)
    return True


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``QCoreApplication.translate``: ``text`` of ``context`` in the UI language."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def localize(text: object) -> str:
    """A core :class:`~nnsim.core.messages.Message` (or any text) in the UI language."""
    return _localize(text, QCoreApplication.translate)


class Retranslating:
    """Mixin for widgets: ``retranslate_ui()`` on every ``LanguageChange``.

    Put it first among the bases (``class View(Retranslating, QWidget)``), set every
    text in ``retranslate_ui`` and call that once at the end of ``__init__``.
    """

    def retranslate_ui(self) -> None:  # pragma: no cover - every user overrides it
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)  # type: ignore[misc]


class LanguageSwitcher(QObject):
    """View > Language: one checkable action per language.

    Parameters
    ----------
    menu : QMenu
        The menu to fill (the window's View > Language submenu).

    Signals
    -------
    language_changed(str)
        After the translators were swapped ("en" or "ko").
    failed(str)
        A language could not be shown (its catalogue would not compile); the UI stays
        in the language it was in.
    """

    language_changed = Signal(str)
    failed = Signal(str)

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
        try:
            changed = install_language(lang)
        except TranslationUnavailable as exc:
            self._sync()
            self.failed.emit(str(exc))
            return
        self._sync()
        if changed:
            self.language_changed.emit(lang)

    def _sync(self) -> None:
        lang = current_language()
        for code, action in self.actions.items():
            action.setChecked(code == lang)


def strip_mnemonic(text: str) -> str:
    """A menu text without its ``&`` mnemonic ("파일(&F)" -> "파일", "&Open…" -> "Open…")."""
    text = re.sub(r"\(&\w\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")
