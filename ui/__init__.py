"""Front ends for people who never see a terminal: the staff chat and the public FAQ bot (Streamlit)."""
