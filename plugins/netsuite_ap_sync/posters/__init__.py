"""Carrying the rules' mutations out in AP and NetSuite."""
