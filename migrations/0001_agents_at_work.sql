CREATE TABLE `internal_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`from_id` text NOT NULL,
	`to_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`from_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`to_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `internal_to_idx` ON `internal_messages` (`to_id`,`read_at`);--> statement-breakpoint
CREATE INDEX `internal_pair_idx` ON `internal_messages` (`from_id`,`to_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `agent_presence` (
	`user_id` text PRIMARY KEY NOT NULL,
	`state` text DEFAULT 'logged_out' NOT NULL,
	`reason` text,
	`state_since` integer NOT NULL,
	`wrap_up_ends_at` integer,
	`paused_channels` text DEFAULT '[]' NOT NULL,
	`idle_since` integer NOT NULL,
	`last_heartbeat_at` integer NOT NULL,
	`node_id` text DEFAULT 'local' NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `report_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`type` text NOT NULL,
	`interaction_id` text,
	`agent_id` text,
	`queue_id` text,
	`data` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `report_events_at_idx` ON `report_events` (`at`);--> statement-breakpoint
CREATE INDEX `report_events_type_idx` ON `report_events` (`type`,`at`);--> statement-breakpoint
CREATE TABLE `interactions` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`direction` text NOT NULL,
	`status` text NOT NULL,
	`queue_id` text,
	`target_agent_id` text,
	`agent_id` text,
	`priority` integer DEFAULT 0 NOT NULL,
	`customer_name` text DEFAULT '' NOT NULL,
	`customer_address` text DEFAULT '' NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`attached_data` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`queued_at` integer,
	`accepted_at` integer,
	`ended_at` integer,
	`end_reason` text,
	`wrap_up_via_queue_id` text,
	`disposition` text,
	`notes` text,
	`node_id` text DEFAULT 'local' NOT NULL,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`target_agent_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`agent_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `interactions_status_idx` ON `interactions` (`status`,`queue_id`);--> statement-breakpoint
CREATE INDEX `interactions_agent_idx` ON `interactions` (`agent_id`,`status`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` text PRIMARY KEY NOT NULL,
	`interaction_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`status` text NOT NULL,
	`offered_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`auto_answer_at` integer,
	`closed_at` integer,
	FOREIGN KEY (`interaction_id`) REFERENCES `interactions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `offers_agent_idx` ON `offers` (`agent_id`,`status`);--> statement-breakpoint
CREATE INDEX `offers_interaction_idx` ON `offers` (`interaction_id`,`status`);