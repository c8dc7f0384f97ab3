"""The committee's pages for members: cases, meetings and agendas, protokoll."""
