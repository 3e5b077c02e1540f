"""Start the dashboard: ``python -m ntm.serve [streamlit run options]``.

The same as ``streamlit run app.py`` except that Streamlit's folder-based navigation is
off from the start, and a newer bundled sample is stored first if (and only if) the active
version is an untouched earlier sample (``Store.refresh_sample``). Because the project keeps its pages in ``pages/``, plain
``streamlit run`` serves a fresh server's first session with that older navigation
(a deep link then shows "Page not found") until ``st.navigation`` has run once.
"""
import gc
import sys
import threading

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from .store import ROOT, Store


def _prewarm(location: str, version_id: str) -> None:
    """Before the first visitor: the app's modules imported and the active version's DuckDB
    database built, in the same caches the pages use; then frozen out of garbage collection."""
    from . import web
    from .charts import base  # noqa: F401  (Plotly and the template)

    web.database(location, version_id)
    # What is loaded by now lives as long as the server: kept out of every later collection.
    gc.freeze()


def main() -> None:
    PagesManager.uses_pages_directory = False
    store = Store()
    store.resolve()  # seeds an empty store
    store.refresh_sample()
    threading.Thread(target=_prewarm, args=(store.location, store.resolve().version.id), daemon=True).start()
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
