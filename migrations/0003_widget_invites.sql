CREATE TABLE `widget_invites` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`agent_id` text NOT NULL,
	`queue_id` text,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`kind` text NOT NULL,
	`muted` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`conversation_id` text,
	FOREIGN KEY (`agent_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `widget_invites_token_hash_unique` ON `widget_invites` (`token_hash`);--> statement-breakpoint
CREATE INDEX `widget_invites_agent_idx` ON `widget_invites` (`agent_id`,`created_at`);