-- The interaction history finds words of a chat through this trigram index (docs/decisions/024-history-text-index.md),
-- kept by triggers on chat_messages, so forgetting or purging a transcript removes its words too.
CREATE VIRTUAL TABLE `chat_text` USING fts5(body, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `chat_text_insert` AFTER INSERT ON `chat_messages` BEGIN
  INSERT INTO chat_text(rowid, body) VALUES (new.rowid, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `chat_text_update` AFTER UPDATE OF body ON `chat_messages` BEGIN
  DELETE FROM chat_text WHERE rowid = old.rowid;
  INSERT INTO chat_text(rowid, body) VALUES (new.rowid, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `chat_text_delete` AFTER DELETE ON `chat_messages` BEGIN
  DELETE FROM chat_text WHERE rowid = old.rowid;
END;
--> statement-breakpoint
INSERT INTO chat_text(rowid, body) SELECT rowid, body FROM chat_messages;
