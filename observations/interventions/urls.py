app_name = "interventions"

urlpatterns = []
