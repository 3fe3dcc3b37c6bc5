-- Campaigns of the reward strategies (rejection, best-of-n): a response's candidates are curated as
-- one group; what the campaign's report replays is kept per prompt. Version 3.1 so that another
-- branch's V3 cannot collide with it. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.

-- Each candidate's scores: [{"index", "total", "each": [score per reward, in the config's order]}].
ALTER TABLE campaign_prompt ADD COLUMN scores TEXT;
-- Why the group made no row (a DropReason key such as underMargin), or null.
ALTER TABLE campaign_prompt ADD COLUMN drop_key VARCHAR(40);
-- The candidate kept (rejection) or chosen (best-of-n), and the one rejected (best-of-n).
ALTER TABLE campaign_prompt ADD COLUMN kept_candidate INTEGER;
ALTER TABLE campaign_prompt ADD COLUMN rejected_candidate INTEGER;
