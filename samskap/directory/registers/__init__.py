"""Import from the Brønnøysund registers (Enhetsregisteret and Frivillighetsregisteret).

The pipeline, in modules that each do one thing:

- `records`  — `UnitRecord`, the register's facts about one unit as the rest of the pipeline
  sees them, and `RecordError` for a record that cannot be used (with the reason).
- `readers`  — stream raw units from the bulk file (`.json`, `.json.gz`, `.csv.gz`), never
  loading it whole.
- `mapping`  — raw unit (a dict shaped like the API's JSON) → `UnitRecord`; readable names,
  kind from organisation form and industry code, municipality through the 2024 table, website.
- `client`   — the registers' HTTP APIs (httpx: paging, timeouts, retries with backoff,
  polite rate).
- `icnpo`    — ICNPO categories and their mapping to our themes and target groups.
- `frivillighet` — the voluntary register: parse its records and saved files, and put ICNPO
  categories (and the themes and target groups they map to) onto imported organisations.
- `sync`     — upsert keyed on organisation number, in atomic batches, writing an `ImportRun`
  report; never overwrites what an organisation's own admins edited.
"""
