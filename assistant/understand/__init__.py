"""Understanding a Chinese question: vocabulary from the ingested data, entity linking, intent."""
