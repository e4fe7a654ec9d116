-- The interaction history finds a customer's name, number, email or attached-data value anywhere in the text
-- through this trigram index (docs/decisions/024-history-text-index.md), kept by triggers on interactions.
CREATE VIRTUAL TABLE `history_text` USING fts5(customer, attached, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `history_text_insert` AFTER INSERT ON `interactions` BEGIN
  INSERT INTO history_text(rowid, customer, attached) VALUES (
    new.rowid,
    new.customer_name || ' ' || new.customer_address,
    CASE WHEN json_valid(new.attached_data) THEN (SELECT group_concat(value, ' ') FROM json_each(new.attached_data)) ELSE '' END
  );
END;
--> statement-breakpoint
CREATE TRIGGER `history_text_update` AFTER UPDATE OF customer_name, customer_address, attached_data ON `interactions` BEGIN
  DELETE FROM history_text WHERE rowid = old.rowid;
  INSERT INTO history_text(rowid, customer, attached) VALUES (
    new.rowid,
    new.customer_name || ' ' || new.customer_address,
    CASE WHEN json_valid(new.attached_data) THEN (SELECT group_concat(value, ' ') FROM json_each(new.attached_data)) ELSE '' END
  );
END;
--> statement-breakpoint
CREATE TRIGGER `history_text_delete` AFTER DELETE ON `interactions` BEGIN
  DELETE FROM history_text WHERE rowid = old.rowid;
END;
--> statement-breakpoint
INSERT INTO history_text(rowid, customer, attached)
  SELECT rowid, customer_name || ' ' || customer_address,
    CASE WHEN json_valid(attached_data) THEN (SELECT group_concat(value, ' ') FROM json_each(attached_data)) ELSE '' END
  FROM interactions;
