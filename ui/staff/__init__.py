"""The staff app's pages, run by st.navigation as scripts: 问答 (chat), 表格 (table browser),
文件 (documents). Not a folder named pages/: Streamlit would take that for pages of its own."""
