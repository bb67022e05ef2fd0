"""Time: what people type (zones, date-times) -> zones and instants, and instants -> wall times."""
