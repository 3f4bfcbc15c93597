-- Case numbers after commit (issue 10): a submission commits its case without a
-- diarienummer, and a short numbering transaction then takes the year's counter once and
-- numbers every committed, unnumbered case of that year in id order
-- (workflow/case_numbering.hpp). Submissions no longer hold the counter row while their
-- own commit is flushed, so their commits share WAL flushes; the numbers stay gap-free
-- because only committed cases get one, in the same transaction as the counter.
ALTER TABLE cases ALTER COLUMN case_number DROP NOT NULL;
ALTER TABLE cases ALTER COLUMN sequence DROP NOT NULL;
ALTER TABLE cases ADD CONSTRAINT cases_numbered_whole CHECK ((case_number IS NULL) = (sequence IS NULL));
-- The numbering transaction's search, and the background sweep that numbers a case whose
-- submitting process died between its commit and its numbering.
CREATE INDEX cases_unnumbered ON cases (year, id) WHERE case_number IS NULL;
