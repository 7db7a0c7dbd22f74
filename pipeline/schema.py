"""Arrow schemas of the output tables (CONTRACT.md, plus documented extra columns)."""
from __future__ import annotations

import pyarrow as pa

PARTITION = [("part_province", pa.string()), ("part_year", pa.int32())]
PROV = [("char_start", pa.int64()), ("char_end", pa.int64()), ("page", pa.int32()), ("line", pa.int32())]


def _schema(*fields: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema(list(fields))


TABLES: dict[str, pa.Schema] = {
    "documents": _schema(
        ("doc_id", pa.string()), ("source_name", pa.string()), ("source_path", pa.string()),
        ("source_sha256", pa.string()), ("source_kind", pa.string()), ("source_encoding", pa.string()),
        ("n_pages", pa.int32()),
        ("n_chars", pa.int64()), ("title", pa.string()), ("plan_kind", pa.string()),
        ("district", pa.string()), ("province", pa.string()), ("plan_year", pa.int32()),
        ("doc_number", pa.string()), ("issue_date", pa.date32()), ("signer", pa.string()),
        ("signer_title", pa.string()), ("province_inferred", pa.string()), ("province_2025", pa.string()),
        ("rules_version", pa.string()), *PARTITION),
    "legal_references": _schema(
        ("doc_id", pa.string()), ("ref_type", pa.string()), ("code", pa.string()), ("name", pa.string()),
        ("ref_date", pa.date32()), ("issuer", pa.string()), ("issuer_resolved", pa.string()), *PROV, *PARTITION),
    "percentages": _schema(
        ("doc_id", pa.string()), ("value", pa.float64()), ("kind", pa.string()), *PROV, *PARTITION),
    "targets": _schema(
        ("doc_id", pa.string()), ("value", pa.float64()), ("unit", pa.string()), ("comparator", pa.string()),
        ("subject", pa.string()), ("scope", pa.string()), ("deadline_year", pa.int32()), *PROV, *PARTITION),
    "responsibilities": _schema(
        ("doc_id", pa.string()), ("unit", pa.string()), ("role", pa.string()), ("task", pa.string()),
        ("unit_as_written", pa.string()), ("unit_2025", pa.list_(pa.string())), *PROV, *PARTITION),
    "budget_items": _schema(
        ("doc_id", pa.string()), ("table_id", pa.string()), ("label", pa.string()), ("amount_vnd", pa.int64()),
        ("kind", pa.string()), ("source", pa.string()), ("group", pa.string()), ("precision_vnd", pa.int64()),
        ("column", pa.string()), ("amount_alt_vnd", pa.int64()), ("row_path", pa.string()),
        ("parent_path", pa.string()), *PROV, *PARTITION),
    "budget_tables": _schema(
        ("doc_id", pa.string()), ("table_id", pa.string()), ("title", pa.string()), ("unit_scale", pa.string()),
        ("words_vnd", pa.int64()), ("words_start", pa.int64()), ("words_end", pa.int64()), *PROV, *PARTITION),
    "budget_audit": _schema(
        ("doc_id", pa.string()), ("table_id", pa.string()), ("check", pa.string()), ("stated_vnd", pa.int64()),
        ("computed_vnd", pa.int64()), ("column", pa.string()), ("note", pa.string()), *PROV, *PARTITION),
    "document_text": _schema(
        ("doc_id", pa.string()), ("text", pa.large_string()), ("page_starts", pa.list_(pa.int64())),
        ("page_ocr", pa.list_(pa.bool_())), ("page_confidence", pa.list_(pa.float64())), *PARTITION),
    "errors": _schema(
        ("doc_id", pa.string()), ("source_name", pa.string()), ("source_path", pa.string()), ("page", pa.int32()),
        ("stage", pa.string()), ("code", pa.string()), ("message", pa.string()), ("severity", pa.string()),
        *PARTITION),
}

# Record type name → table.
RECORD_TABLES = {
    "LegalRef": "legal_references", "Percentage": "percentages", "Target": "targets",
    "Responsibility": "responsibilities", "BudgetItem": "budget_items", "BudgetTable": "budget_tables",
    "AuditFinding": "budget_audit",
}
