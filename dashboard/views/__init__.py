"""The dashboard pages: thin scripts run by st.navigation (filters → data → charts → st.*)."""
