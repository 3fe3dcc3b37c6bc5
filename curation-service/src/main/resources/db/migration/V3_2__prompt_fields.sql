-- A prompt's own fields (e.g. {"answer": "5"}), the row that rewards such as exact read: given
-- as "fields" in a campaign request, or as the other columns of a JSONL prompt row. Portable SQL.
ALTER TABLE campaign_prompt ADD COLUMN fields TEXT;
