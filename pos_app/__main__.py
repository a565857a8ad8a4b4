from pos_app.app import main

raise SystemExit(main())
