-- Seized property (issue 4 part 8): how an item was disposed of and on which decision; and a hand-over of an
-- item whose transfer the receiver returned is closed unreceived (the item stays with its sender).
ALTER TABLE seized_property
  ADD COLUMN disposal text CHECK (disposal IN ('returned-to-owner', 'confiscated', 'destroyed')),
  ADD COLUMN disposal_document_id uuid REFERENCES case_document (id),
  ADD COLUMN disposed_at timestamptz,
  ADD CONSTRAINT seized_property_disposed_has_disposal CHECK ((state = 'disposed') = (disposal IS NOT NULL));

ALTER TABLE property_handover ADD COLUMN cancelled_at timestamptz;
CREATE INDEX property_handover_transfer_idx ON property_handover (transfer_id) WHERE received_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX property_handover_receiver_idx ON property_handover (to_unit_id) WHERE received_at IS NULL AND cancelled_at IS NULL;
