CREATE TABLE `salesforce_links` (
	`interaction_id` text PRIMARY KEY NOT NULL,
	`contact_id` text NOT NULL,
	`linked_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `salesforce_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`interaction_id` text NOT NULL,
	`agent_id` text,
	`contact_id` text,
	`lookup_field` text NOT NULL,
	`lookup_value` text NOT NULL,
	`channel` text NOT NULL,
	`subject` text NOT NULL,
	`disposition` text,
	`notes` text DEFAULT '' NOT NULL,
	`duration_s` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`task_id` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `sf_task_status_idx` ON `salesforce_tasks` (`status`,`next_attempt_at`);