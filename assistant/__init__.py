"""预算问答助手 — exact answers from published Chinese department budgets."""

__version__ = "0.1.0"
