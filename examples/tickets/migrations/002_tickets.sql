-- The tickets of the guide's module. File names follow NNN_name.sql; an applied file is never edited.
CREATE TABLE tickets (
  id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title     text        NOT NULL,
  priority  text        NOT NULL DEFAULT 'low' CHECK (priority IN ('low', 'high')),
  status    text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  opened_by text        NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now()
);
