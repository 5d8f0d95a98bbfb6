"""Relais: easy-to-read answers on rights, health and safety, in nine languages."""
