"""Telltale's training pipeline: reads the training table the service exports and trains the models."""
