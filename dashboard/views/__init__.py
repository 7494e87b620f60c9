"""The dashboard pages: thin scripts run by st.navigation (filters → data → charts → st.*).

Not named ``pages/``: Streamlit treats a ``pages/`` folder beside the entry script as the old
multipage mode and, on a server's first request for a sub-page, runs that page without the
entry script (no filters, no navigation).
"""
