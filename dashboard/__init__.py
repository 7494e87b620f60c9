"""绩效看板: the Streamlit dashboard. It reads the database only through `queries`."""
