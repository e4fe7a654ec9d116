CREATE INDEX `report_events_interaction_idx` ON `report_events` (`interaction_id`);--> statement-breakpoint
CREATE INDEX `report_events_agent_idx` ON `report_events` (`agent_id`,`type`,`at`);