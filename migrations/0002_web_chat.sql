CREATE TABLE `chat_attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`file_name` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`data` blob NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `chat_attachments_conversation_idx` ON `chat_attachments` (`conversation_id`);--> statement-breakpoint
CREATE TABLE `chat_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`seq` integer NOT NULL,
	`sender_kind` text NOT NULL,
	`sender_id` text,
	`agent_alias` text,
	`body` text DEFAULT '' NOT NULL,
	`attachment_id` text,
	`client_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sender_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`attachment_id`) REFERENCES `chat_attachments`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_seq_idx` ON `chat_messages` (`conversation_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_client_idx` ON `chat_messages` (`conversation_id`,`client_id`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`interaction_id` text,
	`token_hash` text NOT NULL,
	`visitor_name` text NOT NULL,
	`visitor_email` text DEFAULT '' NOT NULL,
	`queue_id` text,
	`context` text DEFAULT '{}' NOT NULL,
	`status` text NOT NULL,
	`agent_alias` text,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`ended_at` integer,
	`rating` integer,
	`comment` text,
	`rated_at` integer,
	FOREIGN KEY (`interaction_id`) REFERENCES `interactions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_token_hash_unique` ON `conversations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `conversations_interaction_idx` ON `conversations` (`interaction_id`);--> statement-breakpoint
CREATE INDEX `conversations_status_idx` ON `conversations` (`status`,`created_at`);