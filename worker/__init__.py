"""The RQ side of the pipeline: jobs that process stored messages and send replies."""
