import { Outlet, type RouteObject } from "react-router";
import { AppLayout } from "../layout/app-layout.js";
import {
  AdminScreen,
  ChangesScreen,
  DashboardScreen,
  DeliveriesScreen,
  EncounterScreen,
  FacilitiesScreen,
  LoginScreen,
  MigrationsScreen,
  NotFoundScreen,
  PatientEditScreen,
  PatientNewScreen,
  PatientScreen,
  PatientsScreen,
  PlugDetailScreen,
  PlugPageScreen,
  UsersScreen,
} from "./lazy-screens.js";
import { RequireUser } from "./require-user.js";
import { RouteError } from "./route-error.js";

/** The app's screens; every one but sign-in needs a signed-in user, /admin (the console) an administrator. */
export const routes: RouteObject[] = [
  { path: "/login", element: <LoginScreen />, errorElement: <RouteError /> },
  {
    element: (
      <RequireUser>
        <AppLayout />
      </RequireUser>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <DashboardScreen /> },
      { path: "facilities", element: <FacilitiesScreen /> },
      { path: "patients", element: <PatientsScreen /> },
      { path: "patients/new", element: <PatientNewScreen /> },
      { path: "patients/:patientId", element: <PatientScreen /> },
      { path: "patients/:patientId/edit", element: <PatientEditScreen /> },
      { path: "encounters/:encounterId", element: <EncounterScreen /> },
      { path: "plugs/:plugId/*", element: <PlugPageScreen slot="pages" /> },
      {
        path: "admin",
        element: (
          <RequireUser requiredRole="admin">
            <Outlet />
          </RequireUser>
        ),
        children: [
          { index: true, element: <AdminScreen /> },
          { path: "plug/:plugId", element: <PlugDetailScreen /> },
          { path: "migrations", element: <MigrationsScreen /> },
          { path: "deliveries", element: <DeliveriesScreen /> },
          { path: "users", element: <UsersScreen /> },
          { path: "changes", element: <ChangesScreen /> },
          { path: "plugs/:plugId/*", element: <PlugPageScreen slot="adminPages" /> },
        ],
      },
      { path: "*", element: <NotFoundScreen /> },
    ],
  },
];
